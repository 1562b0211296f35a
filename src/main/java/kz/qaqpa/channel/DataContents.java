package kz.qaqpa.channel;

import jakarta.xml.bind.Marshaller;
import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.contract.common.MessageData;
import kz.qaqpa.contract.sync.request.RequestData;
import kz.qaqpa.contract.sync.response.ResponseData;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Marshals the ШЭП {@code data} elements (xs:anyType holding a DOM element) without JAXB copying their content, as
 * {@link DataPlaceholders} unmarshals them.
 *
 * <p>JAXB writes a DOM element's content through an identity Transformer into SAX events and back into DOM nodes:
 * each text node went through a char[] copy, a StringBuffer and a new String, some 54 MB for a 4.5 MB document, with a
 * large application in a poll's answer or a large result on its way to the channel. Before marshalling, each
 * {@code data} element with content is swapped for a copy without its children (its attributes, and a mark with its
 * index); once JAXB wrote that, the content is imported under the mark (an import shares the text), and the JAXB
 * objects get their own elements back.
 */
final class DataContents extends Marshaller.Listener {
    private static final String MARK = "qaqpa-data-content";
    private final List<Object> holders = new ArrayList<>();
    private final List<Element> originals = new ArrayList<>();

    @Override
    public void beforeMarshal(Object source) {
        if (data(source) instanceof Element data && data.hasChildNodes()) {
            Element marked = (Element) data.cloneNode(false);
            marked.setAttributeNS(null, MARK, String.valueOf(originals.size()));
            holders.add(source);
            originals.add(data);
            setData(source, marked);
        }
    }

    /** Imports each swapped element's content under its mark in what JAXB wrote below {@code root}. */
    void fillIn(Element root) {
        if (originals.isEmpty()) {
            return;
        }
        List<Element> marks = new ArrayList<>();
        for (Node n = root; n != null; n = Dom.nextInDocumentOrder(n, root)) {
            if (n instanceof Element e && e.hasAttributeNS(null, MARK)) {
                marks.add(e);
            }
        }
        for (Element mark : marks) {
            Element original = originals.get(Integer.parseInt(mark.getAttributeNS(null, MARK)));
            mark.removeAttributeNS(null, MARK);
            for (Node child = original.getFirstChild(); child != null; child = child.getNextSibling()) {
                mark.appendChild(mark.getOwnerDocument().importNode(child, true));
            }
        }
    }

    /** Gives the JAXB objects their own {@code data} elements back. */
    void restore() {
        for (int i = 0; i < holders.size(); i++) {
            setData(holders.get(i), originals.get(i));
        }
    }

    private static Object data(Object source) {
        if (source instanceof MessageData m) {
            return m.getData();
        } else if (source instanceof RequestData r) {
            return r.getData();
        } else if (source instanceof ResponseData r) {
            return r.getData();
        }
        return null;
    }

    private static void setData(Object holder, Object data) {
        if (holder instanceof MessageData m) {
            m.setData(data);
        } else if (holder instanceof RequestData r) {
            r.setData(data);
        } else if (holder instanceof ResponseData r) {
            r.setData(data);
        }
    }
}
