"""What a message shared with a file must say to be imported, and what Apply's button carries."""

from __future__ import annotations

import pytest

from bot.catalog.payloads import Unreadable
from bot.dataio.import_choice import ImportChoice, MatchKey, Mode
from bot.dataio.slack_import import ImportAsked, read_import_words

U, C, P = Mode.UPSERT, Mode.CREATE, Mode.UPDATE


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("import", ImportAsked(U, MatchKey.NAME, ())),
        ("Import", ImportAsked(U, MatchKey.NAME, ())),
        ("IMPORT upsert match phone", ImportAsked(U, MatchKey.PHONE, ())),
        ("import create match email", ImportAsked(C, MatchKey.EMAIL, ())),
        ("import update by code", ImportAsked(P, MatchKey.CODE, ())),
        ("导入", ImportAsked(U, MatchKey.NAME, ())),
        ("导入 更新 按电话匹配", ImportAsked(P, MatchKey.PHONE, ())),
        ("导入 新建 按 邮箱 匹配", ImportAsked(C, MatchKey.EMAIL, ())),
        ("import everything", ImportAsked(U, MatchKey.NAME, ("everything",))),
        ("here is the file", None),
        ("", None),
        ("importing soon", None),
    ],
)
def test_import_words(text: str, asked: ImportAsked | None) -> None:
    assert read_import_words(text) == asked


def test_a_choice_round_trips_and_junk_is_unreadable() -> None:
    choice = ImportChoice("F0123ABCD", Mode.CREATE, MatchKey.PHONE)
    assert ImportChoice.load(choice.dump()) == choice
    for junk in ("", "F1 upsert", "F1 sideways name", "x upsert name", "F1 upsert name extra",
                 '{"f": 1}', "F1 upsert nombre"):  # fmt: skip
        with pytest.raises(Unreadable):
            ImportChoice.load(junk)
