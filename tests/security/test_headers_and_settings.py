"""Security headers, a strict Content-Security-Policy, templates that need no inline code, check --deploy."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "veier" / "templates"
# Rendered by WeasyPrint into a PDF, never shown to a browser, so the CSP does not apply to it.
NOT_FOR_BROWSERS = {"impact/report_pdf.html"}
TEST_ONLY = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
             "CSRF_COOKIE_SECURE", "ALLOWED_HOSTS", "DATABASE_URL"}


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def test_every_page_gets_a_strict_content_security_policy(client):
    response = client.get("/")
    directives = csp_directives(response)
    assert directives == {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
        "font-src": "'self'", "connect-src": "'self'", "frame-ancestors": "'none'", "form-action": "'self'",
        "base-uri": "'self'", "object-src": "'none'",
    }
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_other_security_headers_are_set(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_templates_have_no_inline_scripts_styles_or_event_handlers():
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in NOT_FOR_BROWSERS:
            continue
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                problems.append(f"{name}: inline {tag}")
        if re.search(r"<style\b", text):
            problems.append(f"{name}: <style> block")
        if re.search(r"\sstyle\s*=", text):
            problems.append(f"{name}: style attribute")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            problems.append(f"{name}: event-handler attribute")
        if "javascript:" in text:
            problems.append(f"{name}: javascript: URL")
    assert problems == []


def test_check_deploy_is_clean_with_production_settings():
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    env.update(SECRET_KEY="p" * 20 + "-Qx7!kL9#mZ2@vB4$nR8%" + "w" * 20, ALLOWED_HOSTS="veier.example.no", DEBUG="0",
               DJANGO_SETTINGS_MODULE="veier.settings")
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout
