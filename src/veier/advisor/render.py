"""Turn rule data and parameters into display strings in nb, nn or en (no Django)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from veier.advisor.rulebook import Band, Clause, Dated, Form, Myth, Notice, Record, Regime, Text

_NBSP = "\u00a0"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str  # "NOK" or "EUR"


Param = Money | Text | Decimal | int | str | date


def format_money(money: Money, lang: str) -> str:
    """1 300 000 kr / NOK 1,300,000; decimals only when the amount has øre/cents."""
    amount = money.amount
    whole = amount == amount.to_integral_value()
    digits = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if lang == "en":
        return f"{money.currency} {digits}"
    digits = digits.replace(",", _NBSP).replace(".", ",")
    unit = "kr" if money.currency == "NOK" else "euro"
    return f"{digits}{_NBSP}{unit}"


def format_param(value: Param, lang: str) -> str:
    if isinstance(value, Money):
        return format_money(value, lang)
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def render_text(text: Text, lang: str, params: Mapping[str, Param]) -> str:
    """Fill the placeholders of ``text`` in ``lang``; unknown placeholders raise KeyError."""
    return text.get(lang).format_map({k: format_param(v, lang) for k, v in params.items()})


def render_record(record: Record, lang: str) -> dict[str, Any]:
    """What a UI needs to show «why»: title, source, verification, legal basis and validity."""
    info: dict[str, Any] = {
        "title": record.title.get(lang),
        "source": record.source,
        "verification": record.verification,
    }
    if isinstance(record, Dated):
        info["legal_basis"] = list(record.legal_basis)
        info["valid_from"] = record.valid_from.isoformat()
        info["valid_to"] = record.valid_to.isoformat() if record.valid_to else None
    elif isinstance(record, Regime | Band | Form):
        info["legal_basis"] = list(record.legal_basis)
    elif isinstance(record, Notice):
        info["valid_from"] = record.active_from.isoformat()
        info["valid_to"] = record.active_to.isoformat() if record.active_to else None
    elif isinstance(record, Clause | Myth):
        pass
    return info
