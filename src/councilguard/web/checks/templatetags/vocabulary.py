"""Verdict and severity tags in the checker's vocabulary (``checker/vocabulary.py``), so no
template spells a label or picks a colour of its own.

``{% load vocabulary %}{% verdict_tag report.verdict %} {% severity_tag finding.severity %}``
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from councilguard.checker.vocabulary import Term, platform_label, severity_term, verdict_term

register = template.Library()


def _tag(term: Term) -> str:
    return format_html('<strong class="{}">{}</strong>', term.tag_class, term.label)


@register.simple_tag
def verdict_tag(verdict: str) -> str:
    return _tag(verdict_term(verdict))


@register.simple_tag
def severity_tag(severity: str) -> str:
    return _tag(severity_term(severity))


@register.filter
def verdict_label(verdict: str) -> str:
    return verdict_term(verdict).label


@register.filter
def verdict_sentence(verdict: str) -> str:
    return verdict_term(verdict).sentence


@register.filter(name="platform_label")
def platform_label_filter(platform: str) -> str:
    """ "twitter" as readers know it: "X (Twitter)"."""
    return platform_label(platform)
