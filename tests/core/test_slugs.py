from core.slugs import unique_slug


def test_a_free_slug_is_the_slug_of_the_text():
    assert unique_slug("Carbon Neutrality Forum", taken=set().__contains__, max_length=50) == "carbon-neutrality-forum"


def test_a_taken_slug_gets_the_next_free_number():
    taken = {"forum", "forum-2"}
    assert unique_slug("Forum", taken=taken.__contains__, max_length=50) == "forum-3"


def test_the_number_fits_within_the_maximum_length():
    taken = {"abcdefghij"}
    assert unique_slug("abcdefghij-klm", taken=taken.__contains__, max_length=10) == "abcdefgh-2"


def test_text_without_letters_or_digits_gets_the_fallback():
    assert unique_slug("——", taken=set().__contains__, max_length=50, fallback="event") == "event"
