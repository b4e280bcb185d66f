"""/api/docs in a real browser: Swagger UI renders from local files under the strict CSP."""

from playwright.sync_api import expect


def test_swagger_ui_lists_the_operations_without_csp_violations(session, db):
    page = session.page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/api/docs")
    # Rendered by Swagger UI from /api/openapi.json: one block per operation.
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/orders").first).to_be_visible()
    assert page.locator(".opblock").count() > 10
    assert problems == [], problems
