"""A councillor screens the comments on their page: those the checker finds defamatory
or offensive are listed with the clause, and repeat offenders are named to block."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councilguard.web.casework.moderation_models import PageImport, ScreenedComment

from .conftest import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]


def facebook_export(comments) -> SimpleUploadedFile:
    data = {"comments_v2": [{"timestamp": 1767225600 + i, "title": f"{a} commented on a post.",
                             "data": [{"comment": {"comment": t, "author": a, "timestamp": 1767225600 + i}}]}
                            for i, (a, t) in enumerate(comments)]}  # fmt: skip
    return SimpleUploadedFile("comments.json", json.dumps(data).encode(), content_type="application/json")


COMMENTS = [
    ("Dave Angry", "Councillor Smith is a crook who takes bribes from developers."),
    ("Dave Angry", "What a load of sh1t, you useless scum."),
    ("Jo Kind", "Thanks for sorting out the bins!"),
    ("Anna Webb", "Thank you Jo."),
]


def test_a_facebook_export_is_screened_and_a_repeat_offender_named(client, councillor):
    sign_in(client, councillor)
    response = client.post(reverse("moderation:index"), {"platform": "facebook", "export": facebook_export(COMMENTS)})
    assert response.status_code == 302
    page_import = PageImport.objects.get()
    assert page_import.total == 3 and page_import.own_left_out == 1 and page_import.flagged == 2
    page = client.get(page_import.get_absolute_url()).content.decode()
    assert "Repeat offenders to block" in page and "Dave Angry" in page
    assert "SM.libel" in page and "Jo Kind" not in page


def test_a_file_that_is_not_an_export_is_refused_with_the_reason(client, councillor):
    sign_in(client, councillor)
    bad = SimpleUploadedFile("comments.json", b"not json", content_type="application/json")
    response = client.post(reverse("moderation:index"), {"platform": "facebook", "export": bad})
    assert response.status_code == 400 and "could not be read" in response.content.decode()
    assert not PageImport.objects.exists()


def test_a_comment_marked_removed_is_recorded(client, councillor):
    sign_in(client, councillor)
    client.post(reverse("moderation:index"), {"platform": "facebook", "export": facebook_export(COMMENTS)})
    page_import = PageImport.objects.get()
    comment = page_import.comments.filter(flagged=True).first()
    client.post(reverse("moderation:removed", args=[page_import.pk, comment.pk]))
    assert ScreenedComment.objects.get(pk=comment.pk).removed


def test_another_councillor_cannot_see_the_import(client, councillor, other_councillor):
    sign_in(client, councillor)
    client.post(reverse("moderation:index"), {"platform": "facebook", "export": facebook_export(COMMENTS)})
    sign_in(client, other_councillor)
    assert client.get(PageImport.objects.get().get_absolute_url()).status_code == 404
