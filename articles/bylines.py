"""The byline position snapshot: the author's position on the article's date (see people.positions)."""

from __future__ import annotations

from datetime import date

from django import forms

from articles.models import Byline
from people.positions import PositionSnapshotFormMixin


def article_date(article) -> date | None:
    """The date a byline's position refers to: the dateline date, else the issue date."""
    if article is None:
        return None
    if article.dateline_date:
        return article.dateline_date
    return article.issue.date if article.issue_id else None


POSITION_HELP = (
    "Kept as printed. Leave empty to use the person's position on the article's date "
    "(dateline date, else issue date); picking another author replaces it unless you type one. "
    "Later position changes do not rewrite it."
)


class BylineForm(PositionSnapshotFormMixin, forms.ModelForm):
    """Fills the position from the person's position on the article's date, unless the editor typed one."""

    class Meta:
        model = Byline
        fields = ["article", "order", "person", "organization", "position_as_printed"]
        help_texts = {"position_as_printed": POSITION_HELP}

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def position_date(self, cleaned_data):
        return article_date(self.article or cleaned_data.get("article"))


class BylineInlineFormSet(forms.BaseInlineFormSet):
    """Hands the article being edited (with the dates just entered on its form) to each byline form."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "article": self.instance}
