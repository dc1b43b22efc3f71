"""A local certificate authority and the server certificate it issues, made on first use and
kept for later starts, so that a client trusts the mock once (its CA file) and for good.

The folder is `$VIDMOCK_TLS_DIR` when set, else `tls/` in the user's data folder
(platformdirs: `$XDG_DATA_HOME/vidmock/tls`, by default `~/.local/share/vidmock/tls` on Linux).
It holds `ca.pem` and `ca-key.pem` (the CA, ten years), `cert.pem` and `key.pem` (the server's
certificate, 397 days, the most browsers accept, with `subjectAltName` entries for every name a
start asked for). A start that needs a name the certificate lacks, or finds it expiring within
30 days or not signed by the CA, issues a new one from the same CA with the same key (so a
browser's SPKI pin stays valid). Keys are ECDSA P-256, readable by their owner only.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import ipaddress
import os
import platform
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DIR_VARIABLE = "VIDMOCK_TLS_DIR"
# Names every certificate carries; `vidmock serve --host` adds its own.
DEFAULT_NAMES = ("127.0.0.1", "localhost")
CA_LIFETIME = dt.timedelta(days=3650)
LEAF_LIFETIME = dt.timedelta(days=397)
RENEW_BEFORE = dt.timedelta(days=30)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class LocalTls:
    """The files of one start: `ca_file` to trust, `cert_file`/`key_file` to serve."""

    ca_file: Path
    cert_file: Path
    key_file: Path

    @property
    def spki_sha256(self) -> str:
        """Base64 SHA-256 of the server certificate's public key (SubjectPublicKeyInfo, DER):
        the value Chromium's `--ignore-certificate-errors-spki-list` takes."""
        return spki_sha256(self.cert_file.read_bytes())


def default_dir() -> Path:
    """Where the CA and certificate live: `$VIDMOCK_TLS_DIR`, else the user data folder's `tls/`."""
    given = os.environ.get(DIR_VARIABLE)
    if given:
        return Path(given)
    return Path(platformdirs.user_data_dir("vidmock", appauthor=False)) / "tls"


def needed_names(host: str) -> tuple[str, ...]:
    """The names the certificate must hold for a server bound to `host`: 127.0.0.1, localhost and
    `host` itself, unless it is a wildcard address (0.0.0.0, ::), which no client dials."""
    names = list(DEFAULT_NAMES)
    address = _address(host)
    if not (address is not None and address.is_unspecified) and host.lower() not in names:
        names.append(host.lower())
    return tuple(names)


def ensure(names: Iterable[str], directory: Path | None = None) -> LocalTls:
    """The CA and a server certificate for every one of `names` (IP addresses or DNS names) in
    `directory` (default `default_dir()`), made or re-issued as the module docstring says."""
    directory = directory or default_dir()
    directory.mkdir(parents=True, exist_ok=True)
    files = LocalTls(directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
    ca_key_file = directory / "ca-key.pem"
    now = dt.datetime.now(dt.UTC)
    with _locked(directory):
        ca, ca_key = _load_ca(files.ca_file, ca_key_file, now)
        if ca is None or ca_key is None:
            ca_key = ec.generate_private_key(ec.SECP256R1())
            ca = _issue_ca(ca_key, now)
            _write(ca_key_file, _key_pem(ca_key), private=True)
            _write(files.ca_file, ca.public_bytes(serialization.Encoding.PEM))
        wanted = list(dict.fromkeys(names))
        leaf, leaf_key = _load_leaf(files.cert_file, files.key_file)
        if leaf is not None and _serves(leaf, ca, wanted, now):
            return files
        if leaf is not None and _signed_by(leaf, ca):
            # Keep the names given on earlier starts: `--host` may alternate between two values.
            wanted = list(dict.fromkeys([*_names_of(leaf), *wanted]))
        if leaf_key is None:
            leaf_key = ec.generate_private_key(ec.SECP256R1())
            _write(files.key_file, _key_pem(leaf_key), private=True)
        leaf = _issue_leaf(leaf_key, ca, ca_key, wanted, now)
        _write(files.cert_file, leaf.public_bytes(serialization.Encoding.PEM))
    return files


def spki_sha256(cert_pem: bytes) -> str:
    """Base64 SHA-256 of a PEM certificate's SubjectPublicKeyInfo (DER)."""
    public = x509.load_pem_x509_certificate(cert_pem).public_key()
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def san_names(cert_pem: bytes) -> list[str]:
    """The DNS names and IP addresses of a PEM certificate's `subjectAltName`, as text."""
    return _names_of(x509.load_pem_x509_certificate(cert_pem))


def _issue_ca(key: ec.EllipticCurvePrivateKey, now: dt.datetime) -> x509.Certificate:
    name = _subject(f"vidmock local CA ({platform.node()})")
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )
    return builder.sign(key, hashes.SHA256())


def _issue_leaf(
    key: ec.EllipticCurvePrivateKey,
    ca: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    names: list[str],
    now: dt.datetime,
) -> x509.Certificate:
    entries: list[x509.GeneralName] = []
    for name in names:
        address = _address(name)
        entries.append(x509.IPAddress(address) if address is not None else x509.DNSName(name))
    public = key.public_key()
    ca_ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = (
        x509.CertificateBuilder()
        .subject_name(_subject(names[0]))
        .issuer_name(ca.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(min(now + LEAF_LIFETIME, ca.not_valid_after_utc))
        .add_extension(x509.SubjectAlternativeName(entries), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
    )
    return builder.sign(ca_key, hashes.SHA256())


def _subject(common_name: str) -> x509.Name:
    organization = x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vidmock")
    return x509.Name([organization, x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key_usage(cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _load_ca(
    cert_file: Path, key_file: Path, now: dt.datetime
) -> tuple[x509.Certificate | None, ec.EllipticCurvePrivateKey | None]:
    try:
        ca = x509.load_pem_x509_certificate(cert_file.read_bytes())
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    except (OSError, ValueError):
        return None, None
    usable = (
        isinstance(key, ec.EllipticCurvePrivateKey)
        and key.public_key() == ca.public_key()
        and ca.not_valid_after_utc - now > RENEW_BEFORE
    )
    return (ca, key) if usable else (None, None)


def _load_leaf(
    cert_file: Path, key_file: Path
) -> tuple[x509.Certificate | None, ec.EllipticCurvePrivateKey | None]:
    try:
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    except (OSError, ValueError):
        return None, None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        return None, None
    try:
        leaf = x509.load_pem_x509_certificate(cert_file.read_bytes())
    except (OSError, ValueError):
        return None, key
    return (leaf if leaf.public_key() == key.public_key() else None), key


def _serves(leaf: x509.Certificate, ca: x509.Certificate, names: list[str], now: dt.datetime) -> bool:
    held = set(_names_of(leaf))
    return (
        _signed_by(leaf, ca)
        and leaf.not_valid_after_utc - now > RENEW_BEFORE
        and all(_canonical(name) in held for name in names)
    )


def _signed_by(leaf: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        leaf.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _names_of(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [str(a) for a in san.get_values_for_type(x509.IPAddress)] + san.get_values_for_type(x509.DNSName)


def _canonical(name: str) -> str:
    address = _address(name)
    return str(address) if address is not None else name.lower()


def _address(name: str) -> Address | None:
    try:
        return ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return None


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write(path: Path, data: bytes, private: bool = False) -> None:
    # Whole or not at all: a reader (another start) never sees half a file.
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    os.replace(partial, path)


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Two first starts at once (two terminals, parallel tests) make one CA, not two."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; a race there costs one extra CA
        yield
        return
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
