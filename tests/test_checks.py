"""The shared input checks: every bad value is refused with a message naming the argument."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from scaling_lib import _checks as checks


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_check_number_refuses_non_finite(bad):
    with pytest.raises(ValueError, match="width"):
        checks.check_number("width", bad)


@pytest.mark.parametrize("bad", ["3", None, True, [1.0], np.array([1.0])])
def test_check_number_refuses_wrong_type(bad):
    with pytest.raises(TypeError, match="width"):
        checks.check_number("width", bad)


def test_check_number_open_and_closed_ends():
    assert checks.check_number("x", 0.0, low=0.0) == 0.0
    with pytest.raises(ValueError, match=r"x must be in \(0, 1\]"):
        checks.check_number("x", 0.0, low=0.0, high=1.0, low_open=True)
    with pytest.raises(ValueError, match="x"):
        checks.check_probability("x", 1.0)
    assert checks.check_probability("x", 1.0, closed=True) == 1.0


@settings(max_examples=60, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_check_positive_accepts_exactly_the_positive_numbers(value):
    if value > 0:
        assert checks.check_positive("v", value) == value
    else:
        with pytest.raises(ValueError, match="v must be in"):
            checks.check_positive("v", value)


def test_check_int():
    assert checks.check_int("n", np.int64(5), low=1, high=10) == 5
    with pytest.raises(TypeError, match="n must be an integer"):
        checks.check_int("n", 5.0)
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, 10\]"):
        checks.check_int("n", 11, low=1, high=10)


def test_check_array_reports_first_bad_entry():
    with pytest.raises(ValueError, match="entry 2 is nan"):
        checks.check_array("values", [1.0, 2.0, math.nan])
    with pytest.raises(ValueError, match="entry 1 is -1"):
        checks.check_array("values", [1.0, -1.0], low=0.0)
    with pytest.raises(ValueError, match="at least 3"):
        checks.check_array("values", [1.0], min_length=3)
    with pytest.raises(ValueError, match="1-dimensional"):
        checks.check_array("values", [[1.0, 2.0]])
    with pytest.raises(TypeError, match="values"):
        checks.check_array("values", "1,2,3")
    with pytest.raises(TypeError, match="values"):
        checks.check_array("values", ["a", "b"])
    np.testing.assert_array_equal(checks.check_array("values", (1, 2)), [1.0, 2.0])


def test_check_choice_and_seed():
    assert checks.check_choice("kind", "a", ("a", "b")) == "a"
    with pytest.raises(ValueError, match="kind must be one of 'a', 'b'"):
        checks.check_choice("kind", "c", ("a", "b"))
    with pytest.raises(ValueError, match="seed"):
        checks.check_seed("seed", -1)


def test_read_only_copy_is_a_float_copy_that_cannot_change():
    from scaling_lib._checks import read_only_copy

    source = np.array([1, 2, 3])
    copy = read_only_copy(source)
    assert copy.dtype == float and np.array_equal(copy, source)
    with pytest.raises(ValueError):
        copy[0] = 5.0
    source[0] = 9
    assert copy[0] == 1.0, "a copy, not a view"
