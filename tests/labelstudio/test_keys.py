"""The embedded server's signing key is kept in a form Label Studio reads back as written."""

from __future__ import annotations

import environ
import pytest

from annotate.core.errors import ServerError
from annotate.labelstudio import keys


def read_back(path) -> str:
    """What Label Studio's settings take from the file: django-environ, as it reads `.env`."""

    class Isolated(environ.Env):
        ENVIRON: dict[str, str] = {}  # noqa: RUF012 (django-environ's own class attribute)

    Isolated.read_env(str(path))
    return Isolated().str(keys.SIGNING_KEY, "")


@pytest.mark.parametrize(
    "before",
    [
        None,
        "",
        "\nSECRET_KEY=$(fak9q!x@z#k^2s*u=m+r_e-w)0p%t&y\n",
        "DEBUG=false\nSECRET_KEY='$abc'\n",
        "SECRET_KEY=usable\nSECRET_KEY=$x\n",
    ],
    ids=[
        "no file",
        "empty",
        "a key Label Studio made that begins with $",
        "quoted, beside another setting",
        "usable, then one with $ (the last line counts)",
    ],
)
def test_a_key_that_would_not_be_read_back_is_replaced_by_one_that_is(tmp_path, before):
    path = keys.signing_key_file(tmp_path)
    if before is not None:
        path.write_text(before)
        assert read_back(path) == ""  # as Label Studio sees it: no key, so a new one per start
    assert keys.ensure_signing_key(tmp_path, {})
    written = read_back(path)
    assert len(written) >= 40 and path.read_text().count(keys.SIGNING_KEY) == 1
    assert not keys.ensure_signing_key(tmp_path, {})  # stable from now on
    assert read_back(path) == written
    assert (path.stat().st_mode & 0o777) == 0o600
    if before and "DEBUG" in before:
        assert "DEBUG=false" in path.read_text()


def test_a_usable_key_or_one_from_the_environment_is_left_alone(tmp_path):
    path = keys.signing_key_file(tmp_path)
    path.write_text("\nSECRET_KEY=kept-as-it-is\n")
    assert not keys.ensure_signing_key(tmp_path, {})
    assert read_back(path) == "kept-as-it-is"
    other = tmp_path / "other"
    other.mkdir()
    assert not keys.ensure_signing_key(other, {"SECRET_KEY": "the user's own"})
    assert not keys.signing_key_file(other).exists()


def test_an_unreadable_key_file_is_a_named_error_and_left_as_it_is(tmp_path):
    path = keys.signing_key_file(tmp_path)
    path.write_bytes(b"SECRET_KEY=\xff\xfe\n")
    with pytest.raises(ServerError, match=r"\.env: cannot read the server's signing key"):
        keys.ensure_signing_key(tmp_path, {})
    assert path.read_bytes() == b"SECRET_KEY=\xff\xfe\n"
