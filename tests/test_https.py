"""HTTPS beside HTTP: the local CA and its certificate (made once, kept, re-issued for a new
name), the mock served over TLS verified with that CA, and the URLs the mock writes following
the scheme a request came in on."""

from __future__ import annotations

import io
import ssl
import stat
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from cryptography import x509
from PIL import Image

from apivideo_tracks import HELLO_VTT
from apivideo_uploads import SAMPLE
from conftest import make_app
from vidmock.cli.main import main
from vidmock.testing import serving
from vidmock.tls import certificates

API = "/apivideo"
DEV = {"Authorization": "Bearer dev-token"}


def trusting(tls: certificates.LocalTls) -> ssl.SSLContext:
    """A client context that trusts the local CA alone."""
    return ssl.create_default_context(cafile=str(tls.ca_file))


def test_the_certificate_names_127_0_0_1_localhost_and_the_host(tmp_path):
    tls = certificates.ensure(certificates.needed_names("Mock.Example"), tmp_path)
    assert certificates.san_names(tls.cert_file.read_bytes()) == ["127.0.0.1", "localhost", "mock.example"]
    assert certificates.needed_names("0.0.0.0") == ("127.0.0.1", "localhost")
    assert certificates.needed_names("::1") == ("127.0.0.1", "localhost", "::1")


def test_the_certificate_is_issued_by_the_ca_for_serving_and_keys_are_private(tmp_path):
    tls = certificates.ensure(["127.0.0.1"], tmp_path)
    ca = x509.load_pem_x509_certificate(tls.ca_file.read_bytes())
    leaf = x509.load_pem_x509_certificate(tls.cert_file.read_bytes())
    leaf.verify_directly_issued_by(ca)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usages = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert [u.dotted_string for u in usages] == ["1.3.6.1.5.5.7.3.1"]  # serverAuth
    assert (leaf.not_valid_after_utc - leaf.not_valid_before_utc).days == 397
    for key in ("key.pem", "ca-key.pem"):
        assert stat.S_IMODE((tmp_path / key).stat().st_mode) == 0o600


def test_a_later_start_reuses_the_ca_and_the_certificate(tmp_path):
    first = certificates.ensure(certificates.needed_names("127.0.0.1"), tmp_path)
    files = {p.name: p.read_bytes() for p in tmp_path.glob("*.pem")}
    second = certificates.ensure(certificates.needed_names("localhost"), tmp_path)
    assert second == first
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.pem")} == files
    assert sorted(files) == ["ca-key.pem", "ca.pem", "cert.pem", "key.pem"]


def test_a_certificate_missing_a_name_is_reissued_by_the_same_ca_with_the_same_key(tmp_path):
    first = certificates.ensure(certificates.needed_names("127.0.0.1"), tmp_path)
    ca, pin = first.ca_file.read_bytes(), first.spki_sha256
    certificate = first.cert_file.read_bytes()
    second = certificates.ensure(certificates.needed_names("127.0.0.2"), tmp_path)
    assert second.ca_file.read_bytes() == ca
    assert second.cert_file.read_bytes() != certificate
    assert certificates.san_names(second.cert_file.read_bytes()) == ["127.0.0.1", "127.0.0.2", "localhost"]
    assert second.spki_sha256 == pin  # a browser's pin of the key still holds
    leaf = x509.load_pem_x509_certificate(second.cert_file.read_bytes())
    leaf.verify_directly_issued_by(x509.load_pem_x509_certificate(ca))
    # An earlier start's name is kept: alternating --host issues nothing more.
    third = certificates.ensure(certificates.needed_names("127.0.0.1"), tmp_path)
    assert third.cert_file.read_bytes() == second.cert_file.read_bytes()


def test_a_certificate_of_another_ca_is_replaced(tmp_path):
    certificates.ensure(["127.0.0.1"], tmp_path)
    (tmp_path / "ca.pem").unlink()
    renewed = certificates.ensure(["127.0.0.1"], tmp_path)
    leaf = x509.load_pem_x509_certificate(renewed.cert_file.read_bytes())
    leaf.verify_directly_issued_by(x509.load_pem_x509_certificate(renewed.ca_file.read_bytes()))


def test_the_folder_is_the_variable_or_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("VIDMOCK_TLS_DIR", str(tmp_path / "mine"))
    assert certificates.default_dir() == tmp_path / "mine"
    monkeypatch.delenv("VIDMOCK_TLS_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert certificates.default_dir() == tmp_path / "data" / "vidmock" / "tls"


@pytest.fixture(scope="module")
def local_tls(tmp_path_factory) -> certificates.LocalTls:
    return certificates.ensure(certificates.needed_names("127.0.0.1"), tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def both(local_tls):
    """One mock, one world, served over HTTP and over HTTPS: the two base URLs."""
    app = make_app(tls_ca_file=str(local_tls.ca_file))
    tls = {"ssl_certfile": str(local_tls.cert_file), "ssl_keyfile": str(local_tls.key_file)}
    with serving(app) as http_url, serving(app, **tls) as https_url:
        yield http_url, https_url


def test_https_is_verified_with_the_local_ca_and_serves_the_same_world(both, local_tls):
    http_url, https_url = both
    assert https_url.startswith("https://127.0.0.1:")
    with httpx.Client(verify=trusting(local_tls), headers=DEV) as client:
        video = client.post(f"{https_url}{API}/videos", json={"title": "Over TLS"}).json()
    seen = httpx.get(f"{http_url}{API}/videos/{video['videoId']}", headers=DEV)
    assert seen.json()["title"] == "Over TLS"
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{https_url}/__admin/health")  # not trusted by the system's store


def test_the_ca_certificate_is_served_over_both_schemes(both, local_tls):
    http_url, https_url = both
    for answer in (
        httpx.get(f"{http_url}/__admin/tls/ca.pem"),
        httpx.get(f"{https_url}/__admin/tls/ca.pem", verify=trusting(local_tls)),
    ):
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/x-pem-file"
        assert answer.content == local_tls.ca_file.read_bytes()


def test_without_a_ca_of_its_own_the_endpoint_is_a_404_problem():
    with serving(make_app()) as url:
        answer = httpx.get(f"{url}/__admin/tls/ca.pem")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["title"] == "Not Found"
    assert "--tls-cert" in answer.json()["detail"]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 4), (10, 200, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_every_url_the_mock_writes_follows_the_scheme_of_the_request(both, local_tls, scheme):
    base = dict(zip(("http", "https"), both, strict=True))[scheme]
    root = f"{base}{API}"
    with httpx.Client(base_url=root, verify=trusting(local_tls), headers=DEV) as client:
        video_id = client.post("/videos", json={"title": "Links"}).json()["videoId"]
        files = {"file": ("clip.mp4", SAMPLE, "video/mp4")}
        assets = client.post(f"/videos/{video_id}/source", files=files).json()["assets"]
        caption = client.post(
            f"/videos/{video_id}/captions/en", files={"file": ("en.vtt", HELLO_VTT, "text/vtt")}
        ).json()
        player_id = client.post("/players", json={}).json()["playerId"]
        logo = client.post(
            f"/players/{player_id}/logo",
            files={"file": ("logo.png", _png(), "image/png")},
            data={"link": "https://example.com"},
        ).json()
        stream_id = client.post("/live-streams", json={"name": "Links"}).json()["liveStreamId"]
        stream = client.post(
            f"/live-streams/{stream_id}/thumbnail", files={"file": ("t.png", _png(), "image/png")}
        ).json()
        listing = client.get("/videos", params={"pageSize": 1, "currentPage": 2}).json()
    vod = f"{root}/vod/{video_id}"
    assert assets == {
        "iframe": f'<iframe src="{vod}/player" width="100%" height="100%" '
        'frameborder="0" scrolling="no" allowfullscreen="true"></iframe>',
        "player": f"{vod}/player",
        "hls": f"{vod}/hls/manifest.m3u8",
        "thumbnail": f"{vod}/thumbnail.jpg",
        "mp4": f"{vod}/mp4/source.mp4",
    }
    assert caption["src"] == f"{vod}/captions/en.vtt"
    assert logo["assets"]["logo"] == f"{root}/player/{player_id}/logo.png"
    assert stream["assets"]["thumbnail"] == f"{root}/live/{stream_id}/thumbnail.jpg"
    # Pagination links are paths below the API base, as api.video's examples write them: no scheme.
    assert listing["pagination"]["links"][0] == {"rel": "self", "uri": "/videos?pageSize=1&currentPage=2"}


def test_the_dashboard_shows_base_urls_of_the_scheme_it_was_reached_by(both, local_tls):
    _http_url, https_url = both
    page = httpx.get(f"{https_url}/__admin/ui/", verify=trusting(local_tls)).text
    assert f"{https_url}/apivideo" in page


def test_https_options_that_cannot_work_are_usage_errors(tmp_path):
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'w.db'}"
    workers = runner.invoke(main, ["serve", "--https-port", "8443", "--workers", "2", "--db", db])
    assert workers.exit_code == 2
    assert "--https-port serves HTTPS from this one process" in workers.output
    alone = runner.invoke(main, ["serve", "--tls-cert", __file__, "--tls-key", __file__])
    assert alone.exit_code == 2 and "--tls-cert and --tls-key need --https-port" in alone.output
    half = runner.invoke(main, ["serve", "--https-port", "8443", "--tls-cert", __file__])
    assert half.exit_code == 2 and "--tls-cert and --tls-key go together" in half.output
    same = runner.invoke(main, ["serve", "--port", "8443", "--https-port", "8443"])
    assert same.exit_code == 2 and "8443 is --port already" in same.output
    assert not Path(tmp_path / "w.db").exists()
