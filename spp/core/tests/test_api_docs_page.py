"""/api/v1/docs is a page of the platform's own, rendered from the OpenAPI schema: every
operation listed, a link to the JSON schema, nothing loaded from elsewhere, no script, and
axe-core clean on a phone (#14, item 14: Swagger UI had no lang, low contrast and nested
interactive controls)."""

import re

import pytest

from spp.core.api_docs import describe_type, paragraphs
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone

DOCS = "/api/v1/docs"


@pytest.mark.django_db
def test_the_docs_list_every_operation_of_the_schema_and_link_to_it(client):
    schema = client.get("/api/v1/openapi.json").json()
    page = client.get(DOCS)
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'<html lang="fr"', html)
    assert 'href="/api/v1/openapi.json"' in html
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert f'id="op-{operation["operationId"]}"' in html, (method, path)
            assert f"<code>{path}</code>" in html
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in html


@pytest.mark.django_db
def test_the_docs_load_no_script_and_nothing_from_a_third_party(client):
    html = client.get(DOCS).content.decode()
    assert "<script" not in html
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)


def test_a_type_names_its_schema_lists_and_optional_values():
    assert describe_type({"$ref": "#/components/schemas/ServiceOut"}) == {
        "text": "ServiceOut",
        "ref": "ServiceOut",
    }
    listed = describe_type({"type": "array", "items": {"$ref": "#/components/schemas/A"}})
    assert listed == {"text": "liste de A", "ref": "A"}
    optional = describe_type({"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]})
    assert optional == {"text": "string (date) (ou null)", "ref": ""}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_are_accessible_and_fit_a_phone(phone_page):
    phone_page.goto(DOCS)
    assert phone_page.locator("html").get_attribute("lang") == "fr"
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Documentation de l’API"
    assert_accessible(phone_page)
    assert_fits_a_phone(phone_page)
    phone_page.get_by_role("link", name="Schémas de données").click()
    assert phone_page.url.endswith("#api-schemas")


def test_a_docstrings_hard_line_breaks_are_not_kept_but_its_paragraphs_are():
    text = "\nEnregistre les réponses\n    données.\n\n    Les autres sont\n    refusées.\n"
    assert paragraphs(text) == ["Enregistre les réponses données.", "Les autres sont refusées."]
