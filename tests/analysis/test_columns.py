"""``analysis.columns.require_columns``: one wording for a missing column everywhere."""
import pandas as pd
import pytest

from analysis import columns as C


def test_require_columns_passes_when_every_column_is_there():
    assert C.require_columns(pd.DataFrame(columns=["a", "b"]), ["b", "a"]) is None


def test_require_columns_names_every_missing_column_once_in_order_asked():
    frame = pd.DataFrame(columns=["Mrs Smith was rude", "b"])
    with pytest.raises(C.MissingColumnError) as info:
        C.require_columns(frame, ["z", "b", "a", "z"], "coded frame")
    err = info.value
    assert isinstance(err, KeyError)
    assert err.missing == ("z", "a")
    assert err.where == "coded frame"
    assert str(err) == "coded frame is missing column(s): 'z', 'a'"
    assert "Smith" not in str(err)  # present columns are never listed
