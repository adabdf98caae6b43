package org.avmonitoring.agent.driver.cisco.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the codec's xAPI status documents ({@code GET /getxml?location=/Status/...}) with the JDK's parser, locked
 * down: no DTD at all (a {@code DOCTYPE} is an error, so no external entity and no entity expansion), no external
 * schema or stylesheet, secure processing limits on. Callers pass at most {@link #MAX_BYTES}.
 */
final class XapiXml {
    /** A full {@code /Status} tree of a large codec is a few hundred KB; the sections we ask for are far smaller. */
    static final int MAX_BYTES = 512 * 1024;
    static final int MAX_TEXT = 200;

    private static final DocumentBuilderFactory FACTORY = newFactory();

    private XapiXml() {
    }

    private static DocumentBuilderFactory newFactory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
        }
    }

    /** The document's root element; {@link XapiException} with a short reason for anything that is not XML. */
    static Element parse(byte[] body) throws XapiException {
        if (body.length > MAX_BYTES) {
            throw new XapiException("reply larger than " + MAX_BYTES + " bytes");
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // no printing to stderr; fatal errors still throw
            return builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException e) {
            throw new XapiException("reply is not well-formed XML");
        } catch (IOException | ParserConfigurationException e) {
            throw new XapiException("reply could not be read as XML");
        }
    }

    /** The first descendant reached by {@code path} (child names), or null. */
    static Element find(Element from, String... path) {
        Element at = from;
        for (String name : path) {
            if (at == null) {
                return null;
            }
            at = firstChild(at, name);
        }
        return at;
    }

    /** The trimmed, bounded text of the element at {@code path}, or null when absent or empty. */
    static String text(Element from, String... path) {
        Element e = find(from, path);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : printable(t);
    }

    /** Every child element of {@code parent} named {@code name} (xAPI lists repeat the element with item="n"). */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && name.equals(n.getNodeName())) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static Element firstChild(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && name.equals(n.getNodeName())) {
                return (Element) n;
            }
        }
        return null;
    }

    /** Device text as it may appear in a metric or an error: control characters out, length bounded. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_TEXT));
        for (int i = 0; i < s.length() && b.length() < MAX_TEXT; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }
}
