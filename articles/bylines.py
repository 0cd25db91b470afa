"""The byline position snapshot.

A byline prints the author's position as it was when the article appeared
(“Zhao Sha, China Media Development Director, PR Newswire”). When an editor picks a
person and leaves the position empty, or picks a different person without typing a
position, it is taken from the position the person held on the article's date and
stored on the byline; later changes to the person's positions never rewrite a saved
byline.
"""

from __future__ import annotations

from datetime import date

from django import forms

from articles.models import Byline
from people.models import Person


def article_date(article) -> date | None:
    """The date a byline's position refers to: the dateline date, else the issue date."""
    if article is None:
        return None
    if article.dateline_date:
        return article.dateline_date
    return article.issue.date if article.issue_id else None


def position_text_for(person: Person, on: date | None) -> str:
    """The person's position on `on` as a byline prints it, or "" if none was held then."""
    if person is None or on is None:
        return ""
    position = person.position_at(on)
    return position.as_printed() if position else ""


POSITION_HELP = (
    "Kept as printed. Leave empty to use the person's position on the article's date "
    "(dateline date, else issue date); picking another author replaces it unless you type one. "
    "Later position changes do not rewrite it."
)


class BylineForm(forms.ModelForm):
    """Fills the position from the person's position on the article's date, unless the editor typed one."""

    class Meta:
        model = Byline
        fields = ["article", "order", "person", "organization", "position_as_printed"]
        help_texts = {"position_as_printed": POSITION_HELP}

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def clean(self):
        cleaned_data = super().clean()
        position = cleaned_data.get("position_as_printed")
        typed = bool(position) and "position_as_printed" in self.changed_data
        # A new author makes the old position text wrong (it named someone else's job), so it is
        # recomputed unless the editor typed a position in this same edit.
        author_changed = bool({"person", "organization"} & set(self.changed_data))
        if not typed and (author_changed or not position):
            person = cleaned_data.get("person")
            article = self.article or cleaned_data.get("article")
            # An organization byline has no position of its own: blank unless typed.
            cleaned_data["position_as_printed"] = position_text_for(person, article_date(article)) if person else ""
        return cleaned_data


class BylineInlineFormSet(forms.BaseInlineFormSet):
    """Hands the article being edited (with the dates just entered on its form) to each byline form."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "article": self.instance}
