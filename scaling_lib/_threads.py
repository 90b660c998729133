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
import sys
from typing import Callable, TypeVar

from threadpoolctl import ThreadpoolController

F = TypeVar("F", bound=Callable)
_controller: list = [None, -1]  # the libraries found, and len(sys.modules) when they were looked for


def single_threaded(function: F) -> F:
    """Decorator: run ``function`` with BLAS limited to one thread.

    Finding the loaded libraries reads the process's memory map (1 to 10 ms, more than a live control's update
    can spare), so they are looked for again only when a module has been imported since.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _controller[1] != len(sys.modules):
            _controller[:] = [ThreadpoolController(), len(sys.modules)]
        with _controller[0].limit(limits=1, user_api="blas"):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
