"""Moving through a page the way a keyboard user does."""
import pytest


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")
