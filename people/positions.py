"""The position snapshot printed next to a person's name (bylines, event speakers).

A byline or a speaker listing prints the person's position as it was on the day
(“Zhao Sha, China Media Development Director, PR Newswire”). When an editor picks a person
and leaves the position empty, or picks a different person without typing a position, it is
taken from the position the person held on that day and stored; later changes to the
person's positions never rewrite a saved snapshot.
"""

from __future__ import annotations

from datetime import date

from people.models import Person


def position_text_for(person: Person | None, on: date | None) -> str:
    """The person's position on `on` as printed, or "" if none was held then."""
    if person is None or on is None:
        return ""
    position = person.position_at(on)
    return position.as_printed() if position else ""


class PositionSnapshotFormMixin:
    """For a ModelForm with `person` and `position_as_printed`: fills the position unless the editor typed one.

    Subclasses say which day counts with `position_date(self, cleaned_data) -> date | None`.
    """

    def __init_subclass__(cls, **kwargs):
        # Checked when the form class is defined (an ABC's metaclass would clash with ModelForm's).
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "position_date", None)):
            raise TypeError(f"{cls.__name__} must define position_date(cleaned_data): the day whose position counts.")

    def clean(self):
        cleaned_data = super().clean()
        position = cleaned_data.get("position_as_printed")
        typed = bool(position) and "position_as_printed" in self.changed_data
        # A new person makes the old position text wrong (it named someone else's job), so it is
        # recomputed unless the editor typed a position in this same edit.
        author_changed = bool({"person", "organization"} & set(self.changed_data))
        if not typed and (author_changed or not position):
            person = cleaned_data.get("person")
            # An organization byline has no position of its own: blank unless typed.
            cleaned_data["position_as_printed"] = (
                position_text_for(person, self.position_date(cleaned_data)) if person else ""
            )
        return cleaned_data
