#!/usr/bin/env python3
"""interop49: a ШЭП client that python zeep builds from the gateway's served WSDL alone (its ?wsdl, ?wsdl= and ?xsd=
documents, fetched by zeep from the URLs), as an integrator without CXF writes one: the request's envelope, header and
operation element are zeep's; only the business document inside `data` is given (a file). `data` is xs:anyType, which
zeep fills only with a value of a type it knows: --data-form text gives the document as zeep's AnyObject of xs:string
(escaped text, xsi:type="xs:string"); inline (the default) puts the document's element into `data` by zeep's egress
plugin, which zeep runs before it signs. Signed, unless --unsigned,
with zeep's own wsse.Signature (python-xmlsec, RSA-SHA256 and SHA-256 chosen: zeep's default RSA-SHA1 is SCE012).

Every answer, a fault too, is verified as zeep verifies a WS-Security answer (wsse's verify on the reply, before zeep
reads it), with the gateway's certificate, and the signature must cover the answer's Body (zeep itself checks only
that the references verify). Prints "outcome=answer" and the answer's values as "path=value" lines (e.g.
"correlationId=..."), or "outcome=fault", "code=..." and "message=..."; the request as sent and the answer as zeep
read it are written to --sent-out and --answer-out. Operations: async-send, sync-send (with --data), async-poll (a
provider's getMessages, no --data).

Debian: apt-get install python3-zeep python3-xmlsec (zeep 4.2.1, python-xmlsec 1.3.13 here).
"""
import argparse
import datetime
import sys

import xmlsec
import zeep
from lxml import etree
from zeep.exceptions import Fault
from zeep.plugins import HistoryPlugin
from zeep.wsse import signature as zeep_signature
from zeep.wsse.signature import Signature

WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"


class VerifiedByTheGateway(Signature):
    """zeep's Signature, its answers verified with the gateway's certificate instead of the client's own."""

    def __init__(self, key, cert, gateway_cert, signs):
        super().__init__(key, cert, signature_method=xmlsec.Transform.RSA_SHA256,
                         digest_method=xmlsec.Transform.SHA256)
        self.signs = signs
        with open(gateway_cert, "rb") as f:
            self.gateway_cert = f.read()

    def apply(self, envelope, headers):
        return super().apply(envelope, headers) if self.signs else (envelope, headers)

    def verify(self, envelope):
        body = next(e for e in envelope if etree.QName(e).localname == "Body")
        uris = envelope.xpath("//ds:Signature/ds:SignedInfo/ds:Reference/@URI",
                              namespaces={"ds": "http://www.w3.org/2000/09/xmldsig#"})
        if "#" + str(body.get("{%s}Id" % WSU)) not in uris:
            raise zeep_signature.SignatureVerificationFailed("the answer's signature does not cover its Body")
        key = xmlsec.Key.from_memory(self.gateway_cert, xmlsec.KeyFormat.CERT_PEM, None)
        zeep_signature._verify_envelope_with_key(envelope, key)
        return envelope


class DocumentInData:
    """zeep's egress plugin: `data`'s placeholder text replaced by the document's element, before zeep signs."""

    def __init__(self, document):
        self.document = document

    def egress(self, envelope, http_headers, operation, binding_options):
        data = next(e for e in envelope.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "data")
        data.text = None
        data.append(self.document)
        return envelope, http_headers

    def ingress(self, envelope, http_headers, operation):
        return envelope, http_headers


def lines(value, path=""):
    """zeep's answer object as "path=value" lines, its nested values' names joined by dots."""
    if isinstance(value, dict):
        return [line for key, item in value.items() for line in lines(item, path + "." + key if path else key)]
    if isinstance(value, list):
        return [line for item in value for line in lines(item, path)]
    if value is None or isinstance(value, etree._Element):
        return []
    return [path + "=" + (value.isoformat() if hasattr(value, "isoformat") else str(value))]


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--data")
    for name in ("wsdl", "operation", "key", "cert", "gateway-cert", "message-id", "sender", "password",
                 "service", "sent-out", "answer-out"):
        a.add_argument("--" + name, required=True)
    a.add_argument("--unsigned", action="store_true")
    a.add_argument("--data-form", choices=("inline", "text"), default="inline")
    args = a.parse_args()

    history = HistoryPlugin()
    document = etree.parse(args.data).getroot() if args.data else None
    plugins = [DocumentInData(document), history] if document is not None and args.data_form == "inline" else [history]
    client = zeep.Client(args.wsdl, plugins=plugins,
                         wsse=VerifiedByTheGateway(args.key, args.cert, args.gateway_cert, not args.unsigned))
    data = (zeep.xsd.AnyObject(zeep.xsd.String(), etree.tostring(document, encoding="unicode"))
            if document is not None and args.data_form == "text" else "document")
    now = datetime.datetime.now(datetime.timezone.utc)
    sender = {"senderId": args.sender, "password": args.password}
    try:
        if args.operation == "async-send":
            answer = client.service.sendMessage(request={
                "messageInfo": {"messageId": args.message_id, "serviceId": args.service, "messageType": "REQUEST",
                                "messageDate": now, "sender": sender},
                "messageData": {"data": data}})
        elif args.operation == "sync-send":
            answer = client.service.SendMessage(request={
                "requestInfo": {"messageId": args.message_id, "serviceId": args.service, "messageDate": now,
                                "sender": sender},
                "requestData": {"data": data}})
        elif args.operation == "async-poll":
            answer = client.service.getMessages(request={"requestDate": now, "serviceId": args.service,
                                                         "sender": sender, "amount": 10})
        else:
            raise SystemExit("unknown operation " + args.operation)
        outcome = ["outcome=answer"] + lines(zeep.helpers.serialize_object(answer, dict))
    except Fault as fault:
        detail = fault.detail
        codes = detail.xpath(".//*[local-name()='errorCode']/text()") if detail is not None else []
        outcome = ["outcome=fault", "code=" + (codes[0] if codes else ""), "message=" + str(fault.message)]
    finally:
        for exchanged, out in ((history.last_sent, args.sent_out), (history.last_received, args.answer_out)):
            if exchanged is not None:
                with open(out, "wb") as f:
                    f.write(etree.tostring(exchanged["envelope"]))
    print("\n".join(outcome))


if __name__ == "__main__":
    sys.exit(main())
