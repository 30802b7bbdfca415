from ninja import Schema


class FylkeOut(Schema):
    number: str
    name: str


class KommuneOut(Schema):
    number: str
    name: str
    fylke: FylkeOut


class ErrorOut(Schema):
    detail: str
