#!/bin/sh
# Generate the certificates the smtpdiag tests use, at test time, so no
# committed certificate can expire.
#
#   tests/servers/certs.sh OUTDIR        (re)generate everything into OUTDIR
#
# Output (all PEM, EC P-256 keys, SHA-256 signatures):
#   ca.pem / ca.key                  the test root CA (ca.pem holds the root only)
#   intermediate.crt / .key          intermediate CA, signed by the root
#   NAME.key  NAME.crt               server key and leaf certificate
#   NAME.chain.pem                   leaf + intermediate (what a server sends)
#   NAME.bundle.pem                  key + chain in one file (PHP local_cert)
#   valid.fullchain.pem              leaf + intermediate + root
# NAME is one of:
#   valid          SAN localhost, mail.smtpdiag.test, 127.0.0.1, ::1
#   expired        same names, notAfter 30 days ago
#   notyet         same names, notBefore 30 days ahead
#   wrongname      SAN other.example.net only
#   selfsigned     self-signed leaf for localhost (chain = the leaf)
#   nointermediate leaf signed by the intermediate, chain = the leaf only
#   expiring       valid, notAfter in 10 days
#   intercept      valid chain, names mx.hosting-provider.test only
#
# Running it again regenerates the set, so it is idempotent; a complete set
# is marked by OUTDIR/.complete.
set -eu

OUT=${1:?usage: certs.sh OUTDIR}
OPENSSL=${OPENSSL:-openssl}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT/.complete"

WORK=$(mktemp -d "$OUT/.work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Dates for "openssl ca" (GeneralizedTime, UTC).
d() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
PAST_START=$(d '-60 days')
PAST_END=$(d '-30 days')
NOW_START=$(d '-1 day')
YEAR_END=$(d '+365 days')
SOON_END=$(d '+10 days')
FUTURE_START=$(d '+30 days')
FUTURE_END=$(d '+60 days')
CA_END=$(d '+3650 days')
CA_START=$(d '-90 days')

newkey() {
	"$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$1" 2>/dev/null
}

# One minimal "openssl ca" configuration per signing CA.
cacfg() { # NAME CERT KEY
	mkdir -p "$WORK/$1/new"
	: >"$WORK/$1/index.txt"
	echo "unique_subject = no" >"$WORK/$1/index.txt.attr"
	# Random serials so two runs never hand out the same issuer+serial.
	"$OPENSSL" rand -hex 8 >"$WORK/$1/serial"
	cat >"$WORK/$1/ca.cnf" <<EOF
[ca]
default_ca = sd_ca
[sd_ca]
dir = $WORK/$1
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
certificate = $2
private_key = $3
default_md = sha256
policy = sd_policy
unique_subject = no
copy_extensions = none
email_in_dn = no
[sd_policy]
commonName = supplied
organizationName = optional
[sd_ca_ext]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
}

extfile() { # FILE SAN
	cat >"$1" <<EOF
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = $2
EOF
}

# --- root CA (self-signed, req -x509 is enough: its dates are ordinary)
newkey "$WORK/ca.key"
"$OPENSSL" req -new -x509 -key "$WORK/ca.key" -sha256 -days 3650 \
	-subj "/O=smtpdiag tests/CN=smtpdiag Test Root CA" \
	-addext "basicConstraints=critical,CA:true" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-out "$WORK/ca.pem"

# --- intermediate CA, signed by the root
cacfg root "$WORK/ca.pem" "$WORK/ca.key"
newkey "$WORK/intermediate.key"
"$OPENSSL" req -new -key "$WORK/intermediate.key" \
	-subj "/O=smtpdiag tests/CN=smtpdiag Test Intermediate CA" \
	-out "$WORK/intermediate.csr"
"$OPENSSL" ca -batch -notext -config "$WORK/root/ca.cnf" -extensions sd_ca_ext \
	-startdate "$CA_START" -enddate "$CA_END" \
	-in "$WORK/intermediate.csr" -out "$WORK/intermediate.crt" 2>/dev/null

cacfg inter "$WORK/intermediate.crt" "$WORK/intermediate.key"

GOOD_SAN="DNS:localhost, DNS:mail.smtpdiag.test, IP:127.0.0.1, IP:::1"

leaf() { # NAME CN SAN START END
	newkey "$WORK/$1.key"
	"$OPENSSL" req -new -key "$WORK/$1.key" -subj "/O=smtpdiag tests/CN=$2" \
		-out "$WORK/$1.csr"
	extfile "$WORK/$1.ext" "$3"
	"$OPENSSL" ca -batch -notext -config "$WORK/inter/ca.cnf" \
		-extfile "$WORK/$1.ext" -startdate "$4" -enddate "$5" \
		-in "$WORK/$1.csr" -out "$WORK/$1.crt" 2>/dev/null
	cat "$WORK/$1.crt" "$WORK/intermediate.crt" >"$WORK/$1.chain.pem"
}

leaf valid mail.smtpdiag.test "$GOOD_SAN" "$NOW_START" "$YEAR_END"
leaf expired mail.smtpdiag.test "$GOOD_SAN" "$PAST_START" "$PAST_END"
leaf notyet mail.smtpdiag.test "$GOOD_SAN" "$FUTURE_START" "$FUTURE_END"
leaf wrongname other.example.net "DNS:other.example.net" "$NOW_START" "$YEAR_END"
leaf nointermediate mail.smtpdiag.test "$GOOD_SAN" "$NOW_START" "$YEAR_END"
leaf expiring mail.smtpdiag.test "$GOOD_SAN" "$NOW_START" "$SOON_END"
leaf intercept mx.hosting-provider.test "DNS:mx.hosting-provider.test" "$NOW_START" "$YEAR_END"

# nointermediate: the server sends the leaf alone.
cp "$WORK/nointermediate.crt" "$WORK/nointermediate.chain.pem"
cat "$WORK/valid.chain.pem" "$WORK/ca.pem" >"$WORK/valid.fullchain.pem"

# selfsigned: a leaf that is its own issuer.
newkey "$WORK/selfsigned.key"
"$OPENSSL" req -new -x509 -key "$WORK/selfsigned.key" -sha256 -days 365 \
	-subj "/O=smtpdiag tests/CN=localhost" \
	-addext "subjectAltName=DNS:localhost, IP:127.0.0.1" \
	-addext "basicConstraints=critical,CA:false" \
	-addext "extendedKeyUsage=serverAuth" \
	-out "$WORK/selfsigned.crt"
cp "$WORK/selfsigned.crt" "$WORK/selfsigned.chain.pem"

for n in valid expired notyet wrongname selfsigned nointermediate expiring intercept; do
	cat "$WORK/$n.key" "$WORK/$n.chain.pem" >"$WORK/$n.bundle.pem"
	for f in key crt chain.pem bundle.pem; do
		mv -f "$WORK/$n.$f" "$OUT/$n.$f"
	done
done
mv -f "$WORK/valid.fullchain.pem" "$OUT/"
for f in ca.pem ca.key intermediate.crt intermediate.key; do
	mv -f "$WORK/$f" "$OUT/$f"
done
# Test keys only: the servers (postfix drops to its own user) must read them.
chmod 0644 "$OUT"/*.key "$OUT"/*.pem "$OUT"/*.crt
: >"$OUT/.complete"
