/**
 * XML handling every package uses: the only parser of untrusted XML ({@link kz.qaqpa.xml.SecureXml}, bounded by
 * {@link kz.qaqpa.xml.XmlLimits}), the serializer ({@link kz.qaqpa.xml.XmlWriter}), element-only navigation ({@link
 * kz.qaqpa.xml.Dom}) and XML Schema's values ({@link kz.qaqpa.xml.XsDateTime}). Knows nothing of the ШЭП contract
 * but its fault codes.
 */
package kz.qaqpa.xml;
