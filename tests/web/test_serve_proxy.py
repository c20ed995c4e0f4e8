"""`councilguard serve --behind-proxy` behind a real reverse proxy: Debian's nginx on
loopback ends TLS with a certificate made here and passes requests to waitress, as a
council's server would. Without the flag every request over HTTPS was redirected to itself.

nginx comes from `make proxy-deps` (which `make test` runs); this test installs nothing.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
USERNAME, PASSWORD = "cllr.proxy", "Romford#Market9"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        pytest.fail("nginx is missing: apt-get install nginx-light (make proxy-deps, run by make test, does it)")
    return found


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 valid for a day, and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def nginx_config(folder: Path, tls_port: int, app_port: int, cert: Path, key: Path) -> Path:
    """The proxy as the deployment notes describe it: TLS here, the scheme and the
    client's address in X-Forwarded-Proto and X-Forwarded-For, the Host passed through."""
    temp = folder / "nginx-temp"
    temp.mkdir()
    config = folder / "nginx.conf"
    config.write_text(
        f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen {HOST}:{tls_port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        location / {{
            proxy_pass http://{HOST}:{app_port};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_redirect off;
        }}
    }}
}}
""",
        encoding="utf-8",
    )
    return config


def wait_for_port(port: int, process: subprocess.Popen, what: str, limit_s: float = 120) -> None:
    deadline = time.monotonic() + limit_s
    while True:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            assert process.poll() is None, f"{what} exited (status {process.returncode}) before listening"
            assert time.monotonic() < deadline, f"{what} did not listen on {port} within {limit_s:.0f} s"
            time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Browser:
    """Just enough of a browser: HTTPS trusting our certificate, cookies, no redirects
    followed (each hop is asserted)."""

    def __init__(self, port: int, cafile: Path):
        self.port = port
        self.context = ssl.create_default_context(cafile=str(cafile))
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPSConnection(HOST, self.port, context=self.context, timeout=60)
        sent = {"Host": f"{HOST}:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, text


@pytest.fixture(scope="module")
def proxied_server(tmp_path_factory):
    """waitress behind nginx: (HTTPS port of the proxy, plain port of waitress, CA file)."""
    tmp_path = tmp_path_factory.mktemp("proxy")
    nginx = nginx_binary()
    app_port, tls_port = free_port(), free_port()
    env = {
        **os.environ,
        "COUNCILGUARD_HOME": str(tmp_path),
        "COUNCILGUARD_DATABASE_URL": f"sqlite:///{tmp_path}/proxy.sqlite3",
        "COUNCILGUARD_HTTPS": "true",
        "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
    }
    env.pop("COUNCILGUARD_BEHIND_PROXY", None)
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        [str(BIN / "councilguard"), "serve", "--behind-proxy", "--host", HOST, "--port", str(app_port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    cert, key = self_signed_certificate(tmp_path)
    proxy = subprocess.Popen(
        [nginx, "-c", str(nginx_config(tmp_path, tls_port, app_port, cert, key)), "-p", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(tls_port, proxy, "nginx", 30)
        wait_for_port(app_port, server, "councilguard serve")
        create_councillor = (
            "import django; django.setup();"
            "from django.contrib.auth.models import Group, User;"
            f"u = User.objects.create_user({USERNAME!r}, password={PASSWORD!r});"
            "u.groups.set(Group.objects.filter(name='councillor'))"
        )
        subprocess.run([str(BIN / "python"), "-c", create_councillor], env=env, check=True, capture_output=True)
        yield tls_port, app_port, cert
    finally:
        stop(proxy)
        stop(server)
        log.close()


def test_through_a_tls_proxy_a_councillor_signs_in_without_a_redirect_loop(proxied_server):
    tls_port, _, cert = proxied_server
    browser = Browser(tls_port, cert)

    response, page = browser.request("GET", "/account/sign-in/")
    assert response.status == 200, f"expected the sign-in page, got {response.status} to {response.headers['Location']}"
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert all("Secure" in header for header in browser.set_cookie_headers)  # the CSRF cookie

    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    origin = f"https://{HOST}:{tls_port}"
    response, _ = browser.request(
        "POST",
        "/account/sign-in/",
        {"csrfmiddlewaretoken": csrf, "username": USERNAME, "password": PASSWORD},
        headers={"Referer": f"{origin}/account/sign-in/", "Origin": origin},
    )
    # CSRF's origin check and the sign-in both see HTTPS: signed in, sent on to the home page.
    assert response.status == 302, f"sign-in through the proxy answered {response.status}"
    assert "sessionid" in browser.cookies
    home = response.headers["Location"]
    assert not home.startswith("http://")

    response, _ = browser.request("GET", home)
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_plain_http_past_the_proxy_is_sent_to_https(proxied_server):
    _, app_port, _ = proxied_server
    connection = http.client.HTTPConnection(HOST, app_port, timeout=60)
    connection.request("GET", "/account/sign-in/", headers={"Host": f"{HOST}:{app_port}"})
    response = connection.getresponse()
    response.read()
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}:{app_port}/account/sign-in/"
