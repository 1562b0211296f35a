#!/usr/bin/env bash
# Verifies real signed messages of a running gateway with xmlsec1 (libxml2 + OpenSSL), an XML-DSig implementation
# that shares no code with the gateway's Santuario: the answer to an application, a fault (the same request with
# one byte of its Body changed: SCE006) and a SOAP 1.2 fault. The signer's certificate is taken from the message's
# wsse:KeyIdentifier, checked against the test PKI's CAs with openssl, and given to xmlsec1; the Body's wsu:Id is
# declared an id, as every WS-Security verifier does.
#
# Run from the gateway's directory, the gateway started there (java -jar target/qaqpa-0.1.0-SNAPSHOT-all.jar), with
# RSA keys (xmlsec1 knows no GOST):
#   apt-get install xmlsec1      # once
#   bench/interop/verify-with-xmlsec1.sh
# Settings: JAR (the demo jar), QAQPA_HTTP_PORT (8080), QAQPA_DATA_DIR (data). Exit 0 when every message verifies.
set -euo pipefail
command -v xmlsec1 >/dev/null || { echo "xmlsec1 is not installed: apt-get install xmlsec1" >&2; exit 2; }
jar=${JAR:-target/qaqpa-0.1.0-SNAPSHOT-all.jar}
url="http://localhost:${QAQPA_HTTP_PORT:-8080}/shep/async"
pki="${QAQPA_DATA_DIR:-data}/pki"
soap11=http://schemas.xmlsoap.org/soap/envelope/
soap12=http://www.w3.org/2003/05/soap-envelope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

java -cp "$jar" kz.qaqpa.mocks.walkthrough.Walkthrough PORTAL queue --save "$work/request.xml" >/dev/null
curl -sS -H 'Content-Type: text/xml; charset=UTF-8' --data-binary @"$work/request.xml" "$url" >"$work/answer.xml"
sed 's/<messageId>/<messageId>x/' "$work/request.xml" >"$work/changed.xml"
curl -sS -H 'Content-Type: text/xml; charset=UTF-8' --data-binary @"$work/changed.xml" "$url" >"$work/fault.xml"
curl -sS -H 'Content-Type: application/soap+xml; charset=UTF-8' --data-binary \
  "<env:Envelope xmlns:env=\"$soap12\"><env:Body><a:sendMessage xmlns:a=\"http://bip.bee.kz/AsyncChannel/v10/Types\"/></env:Body></env:Envelope>" \
  "$url" >"$work/fault12.xml"

failed=0
for message in answer fault fault12; do
  file="$work/$message.xml"
  soap=$soap11
  [ "$message" = fault12 ] && soap=$soap12
  grep -o '<wsse:KeyIdentifier[^>]*>[^<]*' "$file" | sed 's/.*>//' | base64 -d >"$work/$message.der"
  openssl x509 -inform DER -in "$work/$message.der" -out "$work/$message.pem"
  openssl verify -CAfile "$pki/root-ca.crt" -untrusted "$pki/issuing-ca.crt" "$work/$message.pem" >/dev/null
  if xmlsec1 --verify --pubkey-cert-pem "$work/$message.pem" --id-attr:Id "$soap:Body" "$file" >"$work/$message.log" 2>&1; then
    echo "$message: OK ($(grep -o 'SCE[0-9]*' "$file" | head -1 || true) signed by $(openssl x509 -in "$work/$message.pem" -noout -subject))"
  else
    echo "$message: FAILED"; cat "$work/$message.log"; failed=1
  fi
done
exit $failed
