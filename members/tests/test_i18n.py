"""Spanish by default, English available (Belize)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_spanish_is_the_default(client, coalition):
    html = client.get(reverse("members:directory")).content.decode()
    assert '<html lang="es">' in html
    assert "Países miembros y organismos nacionales" in html
    assert ">Miembros<" in html


def test_english_through_the_language_switch(client, coalition):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/members/"})
    assert response.status_code == 302
    html = client.get(reverse("members:directory")).content.decode()
    assert '<html lang="en">' in html
    assert "Member countries and national bodies" in html
    assert ">Members<" in html
    assert "Belize" in html  # country names follow the language


def test_spanish_catalogue_is_complete_and_compiled():
    po_path = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries() if not e.obsolete]
    assert missing == [], f"untranslated: {missing[:10]}"
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.stat().st_mtime >= po_path.stat().st_mtime - 1, "run make messages"
