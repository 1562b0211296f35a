"""A citizen's document signed as a Python signer without an XML-DSig library signs it (interop48): an enveloped
XML-DSig (URI="", enveloped + exclusive C14N, RSA-SHA256, SHA-256) made with the stdlib and cryptography alone,
ElementTree's canonicalize (C14N 2.0) standing in for exclusive C14N 1.0, the KeyInfo naming the signer as
cryptography writes names. Usage: python3 sign.py document.xml key.pem certificate.pem signed.xml"""
import base64, hashlib, sys
import xml.etree.ElementTree as ET
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

DS = "http://www.w3.org/2000/09/xmldsig#"
EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
document, key_pem, cert_pem, out = sys.argv[1:5]
key = serialization.load_pem_private_key(open(key_pem, "rb").read(), None)
cert = x509.load_pem_x509_certificate(open(cert_pem, "rb").read())
text = open(document, encoding="utf-8").read()
digest = base64.b64encode(hashlib.sha256(ET.canonicalize(text).encode("utf-8")).digest()).decode()
signed_info = ('<ds:SignedInfo xmlns:ds="%s"><ds:CanonicalizationMethod Algorithm="%s"></ds:CanonicalizationMethod>'
               '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></ds:SignatureMethod>'
               '<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform>'
               '<ds:Transform Algorithm="%s"></ds:Transform></ds:Transforms>'
               '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod>'
               '<ds:DigestValue>%s</ds:DigestValue></ds:Reference></ds:SignedInfo>') % (DS, EXC, EXC, digest)
value = base64.b64encode(key.sign(ET.canonicalize(signed_info).encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())).decode()
der = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
def esc(s): return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
signature = ('<ds:Signature xmlns:ds="%s">%s<ds:SignatureValue>%s</ds:SignatureValue><ds:KeyInfo><ds:X509Data>'
             '<ds:X509Certificate>%s</ds:X509Certificate><ds:X509SubjectName>%s</ds:X509SubjectName>'
             '<ds:X509IssuerSerial><ds:X509IssuerName>%s</ds:X509IssuerName><ds:X509SerialNumber>%d</ds:X509SerialNumber>'
             '</ds:X509IssuerSerial></ds:X509Data></ds:KeyInfo></ds:Signature>') % (
    DS, signed_info.replace(' xmlns:ds="%s"' % DS, "", 1), value, der, esc(cert.subject.rfc4514_string()),
    esc(cert.issuer.rfc4514_string()), cert.serial_number)
end = text.rindex("</")
open(out, "w", encoding="utf-8").write(text[:end] + signature + text[end:])
