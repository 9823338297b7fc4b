#!/bin/sh
# Regenerates the test PKI of the compiler's golden cases (run once; the goldens embed the output,
# so regenerating means updating the goldens too). Needs OpenSSL 3. Validity: 100 years.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ca() { # name, URI SAN
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1-ca.key"
  openssl req -x509 -new -key "$1-ca.key" -days 36500 -subj "/O=Portico/OU=Mesh/CN=$1" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectAltName=$2" -set_serial 1 -out "$1-ca.pem"
}
leaf() { # name, key algorithm options, CA, SANs
  name=$1; shift; ca=$1; shift; san=$1; shift
  openssl genpkey "$@" -out "$tmp/$name.key"
  openssl req -new -key "$tmp/$name.key" -subj "/CN=$name" -out "$tmp/$name.csr"
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$san" > "$tmp/$name.ext"
  openssl x509 -req -in "$tmp/$name.csr" -CA "$ca-ca.pem" -CAkey "$ca-ca.key" -days 36500 \
    -set_serial 2 -extfile "$tmp/$name.ext" -out "$tmp/$name.crt"
  # A certificate data source (spec/gateway.md §1.2): the key, the server certificate, its chain.
  cat "$tmp/$name.key" "$tmp/$name.crt" "$ca-ca.pem" > "$name.pem"
}

ca default "URI:spiffe://default"
ca other "URI:spiffe://other"
ca apps "URI:spiffe://apps"
ca web "DNS:web-ca.example.com"
ca external "DNS:external-ca.example.com"
leaf example-ecdsa web "DNS:example.com,DNS:*.example.com" -algorithm EC -pkeyopt ec_paramgen_curve:P-256
leaf example-rsa web "DNS:example.com,DNS:*.example.com" -algorithm RSA -pkeyopt rsa_keygen_bits:2048
leaf external-client external "DNS:client.example.com" -algorithm EC -pkeyopt ec_paramgen_curve:P-256
# The same keys in their traditional encodings (PKCS#1, SEC1), and a key of another algorithm.
for k in example-rsa:pkcs1 example-ecdsa:sec1; do
  sed -n '/BEGIN PRIVATE KEY/,/END PRIVATE KEY/p' "${k%%:*}.pem" |
    openssl pkey -traditional -out "${k%%:*}-${k##*:}.key"
done
openssl genpkey -algorithm ED25519 -out ed25519.key
rm -f web-ca.key external-ca.key apps-ca.key
