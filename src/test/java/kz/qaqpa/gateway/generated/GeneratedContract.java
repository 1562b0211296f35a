package kz.qaqpa.gateway.generated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import kz.qaqpa.mocks.soap.DataElements;
import org.apache.cxf.tools.common.ToolContext;
import org.apache.cxf.tools.wsdlto.WSDLToJava;
import org.w3c.dom.Element;

/**
 * A JAX-WS client generated at test time from a WSDL URL, the way cxf-codegen-plugin does it: CXF's wsdl2java
 * writes the sources, javac compiles them against the test classpath, and a class loader of their own loads them.
 * Because the classes do not exist when the test is compiled, they are used through the small reflective
 * helpers here ({@link #create}, {@link #set}, {@link #get}, {@link #invoke}).
 */
public final class GeneratedContract implements AutoCloseable {
    /** The async channel's namespaces and their packages, for {@link #generate}. */
    public static final Map<String, String> ASYNC_PACKAGES = Map.of(
            "http://bip.bee.kz/AsyncChannel/v10/Interfaces/Binding", "",
            "http://bip.bee.kz/AsyncChannel/v10/Interfaces", "",
            "http://bip.bee.kz/AsyncChannel/v10/Types", ".types",
            "http://bip.bee.kz/AsyncChannel/v10/ITypes", ".itypes",
            "http://bip.bee.kz/common/v10/Types", ".common");
    /** The sync channel's namespaces and their packages, for {@link #generate}. */
    public static final Map<String, String> SYNC_PACKAGES = Map.of(
            "http://bip.bee.kz/SyncChannel/v10/Interfaces/Binding2", "",
            "http://bip.bee.kz/SyncChannel/v10/Interfaces", "",
            "http://bip.bee.kz/SyncChannel/v10/Types", ".types",
            "http://bip.bee.kz/SyncChannel/v10/Types/Request", ".request",
            "http://bip.bee.kz/SyncChannel/v10/Types/Response", ".response",
            "http://bip.bee.kz/common/v10/Types", ".common");
    private final String basePackage;
    private final URLClassLoader loader;

    private GeneratedContract(String basePackage, URLClassLoader loader) {
        this.basePackage = basePackage;
        this.loader = loader;
    }

    /**
     * Runs wsdl2java on {@code wsdlUrl} into {@code workDir}, mapping each namespace to a package (the empty
     * string is {@code basePackage} itself, a value starting with "." a subpackage of it), compiles and loads
     * the result.
     */
    public static GeneratedContract generate(String wsdlUrl, Path workDir, String basePackage, Map<String, String> packages) {
        Path sources = workDir.resolve("src");
        Path classes = workDir.resolve("classes");
        try {
            Files.createDirectories(sources);
            Files.createDirectories(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("-d", sources.toString(), "-suppress-generated-date"));
        packages.forEach((namespace, pkg) -> {
            args.add("-p");
            args.add(namespace + "=" + (pkg.isEmpty() || pkg.startsWith(".") ? basePackage + pkg : pkg));
        });
        args.add(wsdlUrl);
        try {
            new WSDLToJava(args.toArray(String[]::new)).run(new ToolContext());
        } catch (Exception e) {
            throw new IllegalStateException("wsdl2java failed on " + wsdlUrl + " with " + args, e);
        }
        compile(sources, classes);
        try {
            URLClassLoader loader = new URLClassLoader("generated-client", new URL[] {classes.toUri().toURL()},
                    GeneratedContract.class.getClassLoader());
            return new GeneratedContract(basePackage, loader);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compile(Path sources, Path classes) {
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("wsdl2java wrote no sources into " + sources);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the test JVM has no Java compiler (a JRE instead of a JDK?)");
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn", "-encoding", "UTF-8",
                "-classpath", System.getProperty("java.class.path")));
        args.addAll(files);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac failed (" + rc + ") on the generated sources:\n"
                    + diagnostics.toString(StandardCharsets.UTF_8));
        }
    }

    /** The generated class {@code name}; a name starting with "." is relative to the base package. */
    public Class<?> type(String name) {
        try {
            return Class.forName(name.startsWith(".") ? basePackage + name : name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("wsdl2java did not generate " + name, e);
        }
    }

    /** A new instance of a generated class, through its public no-argument constructor. */
    public Object create(String name) {
        try {
            return type(name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + name, e);
        }
    }

    /** A ШЭП SenderInfo (the contract's common types). */
    public Object sender(String senderId, String password) {
        Object sender = create(".common.SenderInfo");
        set(sender, "senderId", senderId);
        set(sender, "password", password);
        return sender;
    }

    /** An async channel's sendMessage REQUEST for {@code serviceId}, dated now, carrying {@code document} in data. */
    public Object asyncSendMessage(String serviceId, String messageId, Object sender, Element document) {
        Object info = create(".itypes.AsyncMessageInfo");
        set(info, "messageId", messageId);
        set(info, "serviceId", serviceId);
        set(info, "messageType", "REQUEST");
        set(info, "messageDate", DataElements.dateTime(Instant.now()));
        set(info, "sender", sender);
        Object data = create(".common.MessageData");
        set(data, "data", DataElements.wrap(document));
        Object request = create(".itypes.AsyncSendMessageRequest");
        set(request, "messageInfo", info);
        set(request, "messageData", data);
        return request;
    }

    /** Calls the bean setter {@code set<Property>} with one argument; returns the bean. */
    public static Object set(Object bean, String property, Object value) {
        Method setter = Arrays.stream(bean.getClass().getMethods())
                .filter(m -> m.getName().equals("set" + capitalised(property)) && m.getParameterCount() == 1)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(bean.getClass().getName() + " has no setter for " + property));
        invoke(bean, setter, value);
        return bean;
    }

    /** Calls the bean getter {@code get<Property>} (or {@code is<Property>}). */
    public static Object get(Object bean, String property) {
        for (String prefix : new String[] {"get", "is"}) {
            try {
                return invoke(bean, bean.getClass().getMethod(prefix + capitalised(property)));
            } catch (NoSuchMethodException e) {
                // try the next prefix
            }
        }
        throw new IllegalStateException(bean.getClass().getName() + " has no getter for " + property);
    }

    /**
     * Calls the one-argument operation {@code operation} on a generated port (or any object). A checked
     * exception of the operation (a generated fault) is rethrown as {@link OperationFault}.
     */
    public static Object invoke(Object target, String operation, Object argument) {
        Method method = Arrays.stream(target.getClass().getMethods())
                .filter(m -> m.getName().equals(operation) && m.getParameterCount() == 1)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(target.getClass().getName() + " has no operation " + operation));
        return invoke(target, method, argument);
    }

    /** Calls a no-argument method, e.g. the generated service's {@code get<Port>()}. */
    public static Object invoke(Object target, String method) {
        try {
            return invoke(target, target.getClass().getMethod(method));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(target.getClass().getName() + " has no method " + method, e);
        }
    }

    private static Object invoke(Object target, Method method, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new OperationFault((Exception) cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String capitalised(String property) {
        return Character.toUpperCase(property.charAt(0)) + property.substring(1);
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }

    /** A checked exception declared by a generated operation (a WSDL fault), e.g. SendMessageSendMessageFaultMsg. */
    public static final class OperationFault extends RuntimeException {
        public OperationFault(Exception declared) {
            super(declared.getClass().getSimpleName() + ": " + declared.getMessage(), declared);
        }

        /** The generated exception itself. */
        public Exception declared() {
            return (Exception) getCause();
        }

        /** Its {@code getFaultInfo()}: the fault detail bean (ErrorInfo). */
        public Object faultInfo() {
            return get(declared(), "faultInfo");
        }
    }

    /** The generated classes' directory, for diagnostics. */
    @Override
    public String toString() {
        return "GeneratedContract[" + basePackage + " in " + Arrays.toString(loader.getURLs()) + "]";
    }
}
