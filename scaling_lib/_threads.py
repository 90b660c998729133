"""Run the simulations' small linear algebra on one thread.

The simulations solve thousands of tiny systems (tens of unknowns). OpenBLAS, the
linear-algebra library under numpy, spreads even these over every core; on a
two-core machine that is doing anything else (a book build, a browser) the threads
wait on each other and a call that takes 0.1 s alone can take 10 s. Limiting BLAS to
one thread for the duration of a simulation makes its time predictable and, for
matrices this small, faster. threadpoolctl is the maintained way to do this for
the libraries numpy actually loaded; the limit is lifted when the call returns, so
the reader's own numpy code is untouched.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

from threadpoolctl import threadpool_limits

F = TypeVar("F", bound=Callable)


def single_threaded(function: F) -> F:
    """Decorator: run ``function`` with BLAS limited to one thread."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1, user_api="blas"):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
