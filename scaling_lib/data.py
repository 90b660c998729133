"""Loaders and validation for the book's sourced data files in ``data/``, and the compute measures.

Two tables ship with the book, written value by value from cited sources (see
``data/README.md`` for the data dictionary, provenance, licences and credit lines):
``imagenet_models.csv`` (ImageNet-1k classifiers with errors, size, per-image compute,
extra data, training hardware and compute, each group of values with its own source
column) and ``accelerators.csv`` (GPUs and TPUs, 2008-2025, with peak rates, power,
price). The loaders return typed DataFrames (dates as ``datetime64``, an empty cell
as NaN) and refuse a file with any bad row: the ``ValueError`` names the file, the
1-based data row with the model or processor name, and the column. Nothing is
dropped silently.

:func:`model_compute_table` joins the two and adds Thompson et al.'s two compute
measures (``thompson2022computational``), both in FLOP:

- *hardware burden* = processors × peak FLOP/s per processor × training seconds;
- *network operations* = forward FLOP per image × 3 (forward and backward) ×
  training images × epochs.

The data appendix works both through by hand for AlexNet.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scaling_lib._checks import check_choice, check_path
from scaling_lib.vocabulary import decimal_year

__all__ = [
    "DATA_DIR", "MODELS_FILE", "ACCELERATORS_FILE", "RELEASES", "SOURCE_KEYS", "MODEL_COLUMNS", "ACCELERATOR_COLUMNS",
    "MODEL_SOURCE_GROUPS", "ACCELERATOR_SOURCE_GROUPS",
    "SECONDS_PER_HOUR", "FLOP_PER_MAC", "FORWARD_BACKWARD_FACTOR", "PRECISIONS", "DEFAULT_PRECISION",
    "load_imagenet_models", "load_accelerators", "model_compute_table", "peak_flops_for_precision",
]

SECONDS_PER_HOUR = 3600.0
FLOP_PER_MAC = 2.0
"""FLOP in one multiply-accumulate. Most vision papers report multiply-adds and call them "FLOPs"."""
FORWARD_BACKWARD_FACTOR = 3.0
"""A training step on one image costs about three forward passes (the backward pass costs about two)."""

PRECISIONS = ("rated", "fp32", "tensor16", "best")
"""Which peak rate of a processor a hardware burden counts: ``"rated"`` (default) the maker's headline
training rate (FP32 for GPUs, dense bfloat16 for TPUs, which Google rates only so); ``"fp32"``;
``"tensor16"`` (dense 16-bit tensor rate); ``"best"`` (the tensor rate where a chip has one, else FP32)."""
DEFAULT_PRECISION = "rated"


def _rates(name: str, value: Any) -> np.ndarray:
    """Peak rates as floats: positive and finite, NaN for a rate the chip lacks."""
    try:
        rates = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers (NaN where the chip lacks the rate), got {value!r:.60}") from None
    if rates.ndim > 1 or np.isinf(rates).any() or (rates <= 0).any():
        raise ValueError(f"{name} must be positive finite FLOP/s (NaN where the chip lacks the rate), got {value!r:.60}")
    return rates


def peak_flops_for_precision(peak_flops_fp32: Any, peak_flops_tensor16: Any, kind: Any,
                             precision: str = DEFAULT_PRECISION) -> Any:
    """Peak rate per processor in FLOP/s for ``precision`` (one of :data:`PRECISIONS`); NaN where the chip lacks it.

    Works on scalars or equal-length arrays; ``kind`` is ``"GPU"`` or ``"TPU"`` per chip. Chapter on hardware.
    """
    check_choice("precision", precision, PRECISIONS)
    fp32, tensor = (_rates(name, value) for name, value in (("peak_flops_fp32", peak_flops_fp32),
                                                            ("peak_flops_tensor16", peak_flops_tensor16)))
    kinds = np.asarray(kind, dtype=object)
    if not np.isin(kinds, ("GPU", "TPU")).all():
        raise ValueError(f"kind must be 'GPU' or 'TPU' for every processor, got {kind!r}")
    chosen = {"fp32": fp32, "tensor16": tensor, "best": np.where(np.isnan(tensor), fp32, tensor),
              "rated": np.where(kinds == "TPU", tensor, fp32)}[precision]
    return float(chosen) if chosen.ndim == 0 else chosen.astype(float)


from scaling_lib._paths import book_root  # noqa: E402

DATA_DIR = book_root() / "data"
"""The repository's ``data/`` folder, found however scaling_lib is installed (:mod:`scaling_lib._paths`)."""

MODELS_FILE = "imagenet_models.csv"
ACCELERATORS_FILE = "accelerators.csv"

RELEASES = ("2026.1", "2026.2")
"""Releases of ``imagenet_models.csv``, oldest first (rows: ``added_in``; later cells: ``values_added_later``)."""

SOURCE_KEYS: dict[str, str] = {
    "pwc-2019": "Papers with Code ImageNet leaderboard, manual copy of 17 Nov 2019 in GitHub "
    "agataf/AIindex, imagenet_table.csv (CC BY-SA 4.0)",
    "epoch-notable": "Epoch AI, Notable AI Models dataset, snapshot of 24 Feb 2025 (CC BY)",
    "epoch-hardware": "Epoch AI, Data on Machine Learning Hardware (CC BY)",
    "spectrum-2021": "Thompson, Greenewald, Lee, Manso, 'Deep Learning's Diminishing Returns', "
    "IEEE Spectrum 58(10), 2021, doi:10.1109/MSPEC.2021.9563954",
    "patterns-2022": "review in Patterns (Cell Press) 3(7):100520, 8 July 2022, doi:10.1016/j.patter.2022.100520, "
    "Table 5 (PubMed Central PMC9278509)",
    "cv-models": "GitHub ffiirree/cv-models, README: parameters and MACs measured on torchvision "
    "re-implementations",
}
"""Short source keys allowed in the source columns, with what each stands for.

Besides these keys a source token may be ``arXiv:<id>``, ``doi:<doi>``,
``timm:<model name>`` (a timm model card), ``pwc-paper:<slug>`` (a Papers with
Code paper page, https://paperswithcode.com/paper/<slug>) or
``github:<owner>/<repo>[/<path>]`` (a file, by default the README, in the model's
official public GitHub repository). Several tokens are separated by ``"; "``.
"""

_SOURCE_PATTERNS = (
    re.compile(r"arXiv:\d{4}\.\d{4,5}(v\d+)?"),
    re.compile(r"doi:10\.\d{4,9}/\S+"),
    re.compile(r"timm:[A-Za-z0-9_.\-]+"),
    re.compile(r"pwc-paper:[a-z0-9\-]+"),
    re.compile(r"github:[A-Za-z0-9][A-Za-z0-9_.\-]*/[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*"),
)

_MODEL_DATE_LOW = pd.Timestamp("2010-01-01")
_CHIP_DATE_LOW = pd.Timestamp("2006-01-01")


@dataclass(frozen=True)
class Column:
    """One column of a data file: its kind, unit, allowed range and meaning."""

    name: str
    kind: str  # "text", "date" or "float"
    required: bool = False
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = True
    high_open: bool = False
    integer: bool = False
    unit: str = ""
    description: str = ""


MODEL_COLUMNS: tuple[Column, ...] = (
    Column("model", "text", True, description="model name, unique"),
    Column("publication_date", "date", True, description="first public release (arXiv v1 where known)"),
    Column("date_source", "text", description="source of publication_date (required: the date is)"),
    Column("top1_error", "float", True, 0.0, 1.0, True, True, unit="fraction",
           description="ImageNet-1k validation top-1 error, 1 - accuracy"),
    Column("top5_error", "float", False, 0.0, 1.0, True, True, unit="fraction",
           description="ImageNet-1k validation top-5 error"),
    Column("evaluation_note", "text", True, description="what was measured: crops, ensemble, resolution, version"),
    Column("accuracy_source", "text", description="source of the errors (required: top1_error is)"),
    Column("parameters", "float", False, 0.0, 1e13, unit="count", description="trainable parameters"),
    Column("parameters_source", "text"),
    Column("forward_gmacs", "float", False, 0.0, 1e5, unit="1e9 multiply-accumulates per image",
           description="forward-pass cost stated as multiply-adds / MACs"),
    Column("forward_gflops_reported", "float", False, 0.0, 1e5, unit="1e9 'FLOPs' per image as reported",
           description="forward-pass cost reported as 'GFLOPs' without saying whether multiply-adds"),
    Column("forward_compute_note", "text"),
    Column("forward_compute_source", "text"),
    Column("extra_training_data", "text", True, description="'none' or the data beyond ImageNet-1k"),
    Column("train_images", "float", False, 0.0, 1e11, unit="images per epoch"),
    Column("train_epochs", "float", False, 0.0, 1e4, unit="epochs"),
    Column("training_data_source", "text", description="required: extra_training_data is"),
    Column("processor", "text", description="processor name exactly as in accelerators.csv"),
    Column("processor_count", "float", False, 0.0, 1e6, integer=True, unit="processors (chips)"),
    Column("train_hours", "float", False, 0.0, 1e5, unit="hours (wall clock)"),
    Column("processor_hours", "float", False, 0.0, 1e9, unit="chip-hours",
           description="total chip-hours, only where count and hours are not given separately"),
    Column("hardware_note", "text"),
    Column("hardware_source", "text"),
    Column("training_compute_flop", "float", False, 1e12, 1e30, unit="FLOP",
           description="total training compute, paper figure or Epoch AI estimate"),
    Column("training_compute_note", "text"),
    Column("training_compute_source", "text"),
    Column("note", "text"),
    Column("added_in", "text", True, description="release of this file in which the row first appeared (RELEASES)"),
    Column("values_added_later", "text", description="value columns filled in a later release: '<release>: <column>, ...'"),
)
"""Schema of ``imagenet_models.csv`` (ranges are exclusive at 0 for positive quantities)."""

MODEL_SOURCE_GROUPS: dict[str, tuple[str, ...]] = {
    "date_source": ("publication_date",),
    "accuracy_source": ("top1_error", "top5_error", "evaluation_note"),
    "parameters_source": ("parameters",),
    "forward_compute_source": ("forward_gmacs", "forward_gflops_reported"),
    "training_data_source": ("extra_training_data", "train_images", "train_epochs"),
    "hardware_source": ("processor", "processor_count", "train_hours", "processor_hours"),
    "training_compute_source": ("training_compute_flop",),
}
"""For each source column, the value columns it vouches for."""

ACCELERATOR_COLUMNS: tuple[Column, ...] = (
    Column("processor", "text", True, description="name as in Epoch AI's hardware data, unique"),
    Column("manufacturer", "text", True),
    Column("kind", "text", True, description="'GPU' or 'TPU'"),
    Column("release_date", "date", True),
    Column("peak_flops_fp32", "float", False, 0.0, 1e17, unit="FLOP/s", description="non-tensor FP32 peak"),
    Column("peak_flops_fp16", "float", False, 0.0, 1e17, unit="FLOP/s", description="non-tensor FP16 peak"),
    Column("peak_flops_tensor16_dense", "float", False, 0.0, 1e17, unit="FLOP/s",
           description="dense (no sparsity) FP16/BF16 tensor peak"),
    Column("tdp_w", "float", False, 0.0, 1e5, unit="W"),
    Column("launch_price_usd", "float", False, 0.0, 1e7, unit="US dollars at launch (nominal)"),
    Column("transistors_millions", "float", False, 0.0, 1e7, unit="millions of transistors"),
    Column("process_nm", "float", False, 0.0, 1e3, unit="nm (marketing node)"),
    Column("datasheet_url", "text"),
    Column("source", "text", description="required: every row has values"),
    Column("note", "text"),
)
"""Schema of ``accelerators.csv``."""

ACCELERATOR_SOURCE_GROUPS: dict[str, tuple[str, ...]] = {
    "source": tuple(c.name for c in ACCELERATOR_COLUMNS if c.name not in ("processor", "datasheet_url", "source", "note")),
}


# ------------------------------------------------------------------------ helpers
class _RowError:
    """Formats error messages that name the file, the row and the column."""

    def __init__(self, path: Path, labels: list[str]):
        self.path = path
        self.labels = labels

    def __call__(self, index: int, column: str, message: str) -> ValueError:
        return ValueError(
            f"{self.path.name}: data row {index + 1} ({self.labels[index]}), column '{column}': {message}"
        )


def _resolve(path: Any, default_name: str, name: str = "path") -> Path:
    if path is None:
        return DATA_DIR / default_name
    return check_path(name, path, must_exist="file")


def _read_raw(path: Path, columns: tuple[Column, ...]) -> pd.DataFrame:
    """Read a CSV as strings, and check the header against the schema."""
    if not path.is_file():
        raise FileNotFoundError(f"data file not found: {path}")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, skipinitialspace=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ValueError(f"{path.name}: cannot be read as CSV: {error}") from None
    expected = [c.name for c in columns]
    missing = [name for name in expected if name not in raw.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(repr(m) for m in missing)}")
    unknown = [name for name in raw.columns if name not in expected]
    if unknown:
        raise ValueError(f"{path.name}: unknown column(s) {', '.join(repr(u) for u in unknown)}")
    if raw.empty:
        raise ValueError(f"{path.name}: has a header but no data rows")
    return raw[expected].apply(lambda col: col.str.strip())


def _parse_float(cell: str, column: Column, index: int, fail: _RowError) -> float:
    if cell == "":
        if column.required:
            raise fail(index, column.name, "is required but empty")
        return math.nan
    try:
        value = float(cell)
    except ValueError:
        raise fail(index, column.name, f"{cell!r} is not a number ({column.unit})") from None
    if not math.isfinite(value):
        raise fail(index, column.name, f"{cell!r} is not a finite number")
    too_low = value <= column.low if column.low_open else value < column.low
    too_high = value >= column.high if column.high_open else value > column.high
    if too_low or too_high:
        left = "(" if column.low_open else "["
        right = ")" if column.high_open else "]"
        raise fail(index, column.name, f"{value:g} is outside {left}{column.low:g}, {column.high:g}{right} ({column.unit})")
    if column.integer and value != round(value):
        raise fail(index, column.name, f"{value:g} is not a whole number")
    return value


def _parse_date(cell: str, column: Column, index: int, fail: _RowError, low: pd.Timestamp) -> pd.Timestamp:
    if cell == "":
        raise fail(index, column.name, "is required but empty")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        raise fail(index, column.name, f"{cell!r} is not a date in YYYY-MM-DD form")
    try:
        value = pd.Timestamp(cell)
    except ValueError:
        raise fail(index, column.name, f"{cell!r} is not a valid calendar date") from None
    today = pd.Timestamp(_dt.date.today())
    if value < low or value > today:
        raise fail(index, column.name, f"{cell} is outside {low.date()} to {today.date()}")
    return value


def _check_source_tokens(cell: str, column: str, index: int, fail: _RowError) -> None:
    for token in (part.strip() for part in cell.split(";")):
        if token in SOURCE_KEYS or any(p.fullmatch(token) for p in _SOURCE_PATTERNS):
            continue
        raise fail(
            index,
            column,
            f"source {token!r} is not a known key ({', '.join(SOURCE_KEYS)}) "
            "nor arXiv:<id>, doi:<doi>, timm:<name>, pwc-paper:<slug>, github:<owner>/<repo>[/<path>]",
        )


def _parse_table(
    raw: pd.DataFrame,
    columns: tuple[Column, ...],
    source_groups: dict[str, tuple[str, ...]],
    fail: _RowError,
    date_low: pd.Timestamp,
) -> pd.DataFrame:
    """Type every cell, check ranges and sources; raise on the first bad cell."""
    out: dict[str, Any] = {}
    for column in columns:
        cells = raw[column.name].tolist()
        if column.kind == "float":
            out[column.name] = np.array([_parse_float(c, column, i, fail) for i, c in enumerate(cells)], dtype=float)
        elif column.kind == "date":
            values = [_parse_date(c, column, i, fail, date_low) for i, c in enumerate(cells)]
            out[column.name] = pd.to_datetime(pd.Series(values)).astype("datetime64[ns]")
        else:
            if column.required:
                for i, c in enumerate(cells):
                    if c == "":
                        raise fail(i, column.name, "is required but empty")
            out[column.name] = pd.Series(cells).replace("", np.nan).astype("str")
    for source, value_columns in source_groups.items():
        for i in range(len(raw)):
            has_value = [name for name in value_columns if raw.at[i, name] != ""]
            cell = raw.at[i, source]
            if has_value and cell == "":
                raise fail(i, source, f"is empty although {', '.join(has_value)} has a value: every value needs a source")
            if cell != "":
                _check_source_tokens(cell, source, i, fail)
    return pd.DataFrame(out)


def _check_releases(raw: pd.DataFrame, fail: _RowError) -> None:
    """``added_in`` is one of :data:`RELEASES`; ``values_added_later`` dates filled value cells of its row to later releases."""
    value_columns = {name for group in MODEL_SOURCE_GROUPS.values() for name in group}
    for i, (release, later) in enumerate(zip(raw["added_in"], raw["values_added_later"])):
        if release not in RELEASES:
            raise fail(i, "added_in", f"{release!r} is not a release of {MODELS_FILE} ({', '.join(RELEASES)})")
        named: set[str] = set()
        for entry in filter(None, (part.strip() for part in later.split(";"))):
            when, _, columns = (part.strip() for part in entry.partition(":"))
            if when not in RELEASES[RELEASES.index(release) + 1:]:
                raise fail(i, "values_added_later", f"{entry!r} must start with a release after added_in {release}, as '<release>: <column>, ...'")
            for name in (c.strip() for c in columns.split(",")):
                if name not in value_columns or name in named:
                    raise fail(i, "values_added_later", f"{name!r} is not a value column of the file, or is named twice")
                if raw.at[i, name] == "":
                    raise fail(i, "values_added_later", f"{name!r} is named as added in {when} but the row has no value in it")
                named.add(name)


# -------------------------------------------------------------------------- loaders
def load_accelerators(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate the accelerator table (GPUs and TPUs, 2008-2025).

    ``path`` defaults to ``DATA_DIR / "accelerators.csv"``. Returns one row per
    processor with the columns of :data:`ACCELERATOR_COLUMNS`: ``release_date``
    as datetime64; peak rates in FLOP/s, ``tdp_w`` in W, ``launch_price_usd``,
    ``transistors_millions`` and ``process_nm`` as float (NaN where unknown);
    text as ``str``. Values are from Epoch AI's "Data on Machine Learning
    Hardware" (CC BY). Raises ``ValueError`` naming the file, the 1-based data
    row, the processor and the column for a missing column, a bad number or date
    (outside 2006-01-01 to today), a duplicate name, a ``kind`` other than GPU /
    TPU, or a row without a source. Used by the chapter on hardware.
    """
    resolved = _resolve(path, ACCELERATORS_FILE)
    raw = _read_raw(resolved, ACCELERATOR_COLUMNS)
    fail = _RowError(resolved, [f"processor {name!r}" for name in raw["processor"]])
    table = _parse_table(raw, ACCELERATOR_COLUMNS, ACCELERATOR_SOURCE_GROUPS, fail, _CHIP_DATE_LOW)
    for i, kind in enumerate(raw["kind"]):
        if kind not in ("GPU", "TPU"):
            raise fail(i, "kind", f"{kind!r} is not 'GPU' or 'TPU'")
    seen: dict[str, int] = {}
    for i, name in enumerate(raw["processor"]):
        if name in seen:
            raise fail(i, "processor", f"duplicate processor name (first in data row {seen[name] + 1})")
        seen[name] = i
    return table


def load_imagenet_models(
    path: str | Path | None = None,
    accelerators_path: str | Path | None = None,
    *,
    release: str | None = None,
) -> pd.DataFrame:
    """Load and validate the ImageNet-1k model table (2012-2023).

    ``path`` defaults to ``DATA_DIR / "imagenet_models.csv"``; processor names are
    checked against the accelerator table at ``accelerators_path`` (default
    ``DATA_DIR / "accelerators.csv"``). Returns one row per model with the columns
    of :data:`MODEL_COLUMNS`: ``publication_date`` as datetime64; errors as
    fractions in (0, 1); parameters (count), ``forward_gmacs`` (1e9 multiply-adds
    per image), ``forward_gflops_reported``, ``train_images``, ``train_epochs``,
    ``processor_count``, ``train_hours``, ``processor_hours`` (chip-hours) and
    ``training_compute_flop`` (FLOP) as float, NaN where no source gives a value;
    text as ``str``.

    ``release`` (one of :data:`RELEASES`; default: as the file is) gives the table as that release
    had it: its rows, with the cells ``values_added_later`` dates after it emptied (notes stay).

    Raises ``ValueError`` naming the file, the 1-based data row with the model
    name, and the column, for: a missing or unknown column; an empty required
    cell; a non-numeric or out-of-range number (errors must lie in (0, 1), counts
    and times must be positive); a date that is not YYYY-MM-DD or lies outside
    2010-01-01 to today; a top-5 error above the top-1 error; a duplicate model
    name; a value whose group has no source, or a source token that is not a
    known key, arXiv id, DOI, timm card or Papers with Code page; a processor not
    in the accelerator table; ``processor_hours`` given together with both a
    count and a time; an ``added_in`` that is not one of :data:`RELEASES`, or a
    ``values_added_later`` entry that names no later release, a column that is not a
    value column, or a cell that is empty. Used by the chapter on the ninth power.
    """
    if release is not None:
        check_choice("release", release, RELEASES)
    resolved = _resolve(path, MODELS_FILE)
    _resolve(accelerators_path, ACCELERATORS_FILE, "accelerators_path")
    raw = _read_raw(resolved, MODEL_COLUMNS)
    fail = _RowError(resolved, [f"model {name!r}" for name in raw["model"]])
    table = _parse_table(raw, MODEL_COLUMNS, MODEL_SOURCE_GROUPS, fail, _MODEL_DATE_LOW)
    _check_releases(raw, fail)

    seen: dict[str, int] = {}
    for i, name in enumerate(raw["model"]):
        if name in seen:
            raise fail(i, "model", f"duplicate model name (first in data row {seen[name] + 1})")
        seen[name] = i

    top1 = table["top1_error"].to_numpy()
    top5 = table["top5_error"].to_numpy()
    for i in np.flatnonzero(top5 > top1):
        raise fail(int(i), "top5_error", f"{top5[i]:g} is larger than top1_error {top1[i]:g}")

    both = table["processor_count"].notna() & table["train_hours"].notna() & table["processor_hours"].notna()
    for i in np.flatnonzero(both.to_numpy()):
        raise fail(int(i), "processor_hours", "give either processor_count and train_hours or processor_hours, not all three")

    known = set(load_accelerators(accelerators_path)["processor"])
    for i, name in enumerate(raw["processor"]):
        if name != "" and name not in known:
            raise fail(i, "processor", f"{name!r} is not a processor in {ACCELERATORS_FILE}")
    return table if release is None else _as_released(table, release)


def _as_released(table: pd.DataFrame, release: str) -> pd.DataFrame:
    """The rows of ``release`` or earlier, without the cells ``values_added_later`` dates after it."""
    order = {name: k for k, name in enumerate(RELEASES)}
    rows = table[table["added_in"].map(order) <= order[release]].copy()
    for index, later in rows["values_added_later"].dropna().items():
        for when, _, columns in (entry.partition(":") for entry in later.split(";")):
            if order[when.strip()] > order[release]:
                rows.loc[index, [name.strip() for name in columns.split(",")]] = np.nan
    return rows.reset_index(drop=True)


# --------------------------------------------------------------------- joined table
_MODEL_NEEDS = ("model", "processor", "processor_count", "train_hours", "processor_hours",
                "forward_gmacs", "forward_gflops_reported", "train_images", "train_epochs", "publication_date")
_CHIP_NEEDS = ("processor", "kind", "peak_flops_fp32", "peak_flops_tensor16_dense")


def model_compute_table(
    models: pd.DataFrame | None = None,
    accelerators: pd.DataFrame | None = None,
    precision: str = DEFAULT_PRECISION,
    reported_flops_are_macs: bool = True,
) -> pd.DataFrame:
    """The model table joined with its processors, with both compute measures added.

    ``models`` and ``accelerators`` default to :func:`load_imagenet_models` and
    :func:`load_accelerators`. Adds these columns (NaN wherever a primitive is
    missing; nothing is filled in):

    - ``processor_kind``, ``peak_flops_used`` (FLOP/s per processor, chosen by
      ``precision``, one of :data:`PRECISIONS`;
      default ``"rated"``: FP32 for GPUs, bfloat16 for TPUs),
    - ``processor_hours_used``: count x hours, else the ``processor_hours`` column,
    - ``hardware_burden_flop`` = processor-hours x 3600 x ``peak_flops_used``,
    - ``forward_flop_per_image``: 2 x ``forward_gmacs`` x 1e9; where only
      ``forward_gflops_reported`` exists it is read as multiply-adds (x 2) when
      ``reported_flops_are_macs`` is True (default; most papers' "FLOPs" are
      multiply-adds), else as FLOP (x 1),
    - ``network_operations_flop`` = forward FLOP x 3 x ``train_images`` x
      ``train_epochs``,
    - ``publication_year``: decimal year of ``publication_date``.

    The chosen precision is stored in ``result.attrs["precision"]``. Used by the chapter on
    the ninth power.
    """
    check_choice("precision", precision, PRECISIONS)
    if not isinstance(reported_flops_are_macs, (bool, np.bool_)):
        raise TypeError(f"reported_flops_are_macs must be True or False, got {reported_flops_are_macs!r}")
    if models is None:
        models = load_imagenet_models()
    if accelerators is None:
        accelerators = load_accelerators()
    for name, frame, needs in (("models", models, _MODEL_NEEDS), ("accelerators", accelerators, _CHIP_NEEDS)):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
        missing = [c for c in needs if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} lacks column(s) {', '.join(repr(m) for m in missing)}")
    if accelerators["processor"].duplicated().any():
        raise ValueError("accelerators has duplicate processor names")

    chips = accelerators.loc[:, list(_CHIP_NEEDS)].rename(columns={"kind": "processor_kind"})
    table = models.merge(chips, on="processor", how="left", validate="many_to_one", sort=False)
    # rows whose processor is missing must not pick up a chip via NaN matching
    no_chip = models["processor"].isna().to_numpy()
    table.loc[no_chip, ["processor_kind", "peak_flops_fp32", "peak_flops_tensor16_dense"]] = np.nan
    unknown = table["processor"].notna() & table["processor_kind"].isna()
    if unknown.any():
        raise ValueError(f"models name processor(s) not in accelerators: {sorted(set(table.loc[unknown, 'processor']))}")

    peak = np.where(table["processor_kind"].isna(), np.nan, peak_flops_for_precision(
        table["peak_flops_fp32"].to_numpy(dtype=float),
        table["peak_flops_tensor16_dense"].to_numpy(dtype=float),
        table["processor_kind"].fillna("GPU").to_numpy(dtype=object),
        precision,
    ))
    count_hours = table["processor_count"].to_numpy(dtype=float) * table["train_hours"].to_numpy(dtype=float)
    processor_hours = np.where(np.isnan(count_hours), table["processor_hours"].to_numpy(dtype=float), count_hours)

    macs = table["forward_gmacs"].to_numpy(dtype=float) * 1e9 * FLOP_PER_MAC
    reported_factor = FLOP_PER_MAC if reported_flops_are_macs else 1.0
    reported = table["forward_gflops_reported"].to_numpy(dtype=float) * 1e9 * reported_factor
    forward = np.where(np.isnan(macs), reported, macs)

    table = table.drop(columns=["peak_flops_fp32", "peak_flops_tensor16_dense"])
    table["peak_flops_used"] = np.where(table["processor"].isna().to_numpy(), np.nan, peak)
    table["processor_hours_used"] = processor_hours
    table["hardware_burden_flop"] = processor_hours * SECONDS_PER_HOUR * table["peak_flops_used"].to_numpy()
    table["forward_flop_per_image"] = forward
    table["network_operations_flop"] = (forward * FORWARD_BACKWARD_FACTOR * table["train_images"].to_numpy(dtype=float)
                                        * table["train_epochs"].to_numpy(dtype=float))
    table["publication_year"] = decimal_year(table["publication_date"])
    table.attrs["precision"] = precision
    return table
