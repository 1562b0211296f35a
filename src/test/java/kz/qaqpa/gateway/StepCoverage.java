package kz.qaqpa.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.processor.DisabledProcessor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Test-only measurement of which route steps the tests take: with {@code -Dqaqpatest.step-coverage=true} every gateway a
 * {@link GatewayHarness} starts counts the exchanges each step (processor node) of each route receives, and writes
 * them, zeros included, to {@code target/step-coverage/<test class>-<n>.txt} when it stops. Off by default: without
 * the property no interceptor is added. A template step switched off through a parameter ({@code disabled:
 * "{{noHandOver}}"}) is still counted, at 0: read the route file's switches before calling such a step untaken.
 */
final class StepCoverage extends MainListenerSupport implements InterceptStrategy {
    private static final AtomicInteger DUMPS = new AtomicInteger();
    private final Map<String, AtomicLong> counts = new TreeMap<>();

    static boolean wanted() {
        return Boolean.getBoolean("qaqpatest.step-coverage");
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        main.getCamelContext().getCamelContextExtension().addInterceptStrategy(this);
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
            Processor nextTarget) {
        if (target instanceof DisabledProcessor) {
            return target; // a step switched off where Camel already knows it is no step to take
        }
        AtomicLong count = counterFor(key(definition));
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                count.incrementAndGet();
                return super.process(exchange, callback);
            }
        };
    }

    private synchronized AtomicLong counterFor(String key) {
        return counts.computeIfAbsent(key, k -> new AtomicLong());
    }

    /** The route id, then the path of steps down to this one: index, kind and label at each level. */
    private static String key(NamedNode node) {
        StringBuilder path = new StringBuilder();
        NamedNode child = node;
        NamedNode parent = node.getParent();
        while (parent != null) {
            path.insert(0, branchIn(parent, child) + "/" + indexIn(parent, child) + ":" + child.getShortName() + "["
                    + label(child) + "]");
            child = parent;
            parent = parent.getParent();
        }
        return child.getId() + path;
    }

    /** Which branch of a choice holds the step: when#i with its condition, or otherwise. */
    private static String branchIn(NamedNode parent, NamedNode child) {
        if (parent instanceof ChoiceDefinition choice) {
            List<WhenDefinition> whens = choice.getWhenClauses();
            for (int i = 0; i < whens.size(); i++) {
                if (whens.get(i).getOutputs().contains(child)) {
                    return "/when#" + i + "[" + whens.get(i).getExpression() + "]";
                }
            }
            return "/otherwise";
        }
        return "";
    }

    private static int indexIn(NamedNode parent, NamedNode child) {
        if (parent instanceof ChoiceDefinition choice) {
            for (WhenDefinition when : choice.getWhenClauses()) {
                if (when.getOutputs().contains(child)) {
                    return when.getOutputs().indexOf(child);
                }
            }
            return choice.getOtherwise() == null ? -1 : choice.getOtherwise().getOutputs().indexOf(child);
        }
        if (parent instanceof ProcessorDefinition<?> p) {
            List<?> outputs = p.getOutputs();
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i) == child) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String label(NamedNode node) {
        if (node instanceof ProcessorDefinition<?> p && p.hasCustomIdAssigned()) {
            return "id=" + p.getId();
        }
        if (node instanceof ChoiceDefinition) {
            return "";
        }
        String label = node.getLabel();
        return label == null ? "" : label.replaceAll("\\s+", " ");
    }

    /** Writes the counts of this gateway's run; the file names the test class. */
    synchronized void dump(String testClass) {
        Path dir = Path.of("target", "step-coverage");
        StringBuilder text = new StringBuilder();
        counts.forEach((step, n) -> text.append(n.get()).append('\t').append(step).append('\n'));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(testClass + "-" + DUMPS.incrementAndGet() + ".txt"), text);
        } catch (IOException e) {
            throw new IllegalStateException("step coverage not written", e);
        }
    }
}
