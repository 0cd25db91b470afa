"""The position-snapshot form mixin needs to know which day's position to print."""

import pytest
from django import forms

from people.positions import PositionSnapshotFormMixin


def test_a_form_without_position_date_is_refused_when_defined():
    with pytest.raises(TypeError, match="must define position_date"):

        class NoDay(PositionSnapshotFormMixin, forms.Form):
            pass


def test_a_form_with_position_date_is_accepted():
    class WithDay(PositionSnapshotFormMixin, forms.Form):
        def position_date(self, cleaned_data):
            return None

    assert WithDay.position_date
