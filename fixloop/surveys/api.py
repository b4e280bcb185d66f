"""Surveys API, mounted at /api/surveys: answering through the one-time link's token (no sign-in)."""

from ninja import Router, Schema

from fixloop.surveys import services

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    order_number: str
    language: str
    expires_at: str


class AnswerIn(Schema):
    csat: int
    nps: int
    comment: str = ""


@router.get("/{token}", auth=None, response=SurveyOut, summary="The open survey behind a link")
def get_survey(request, token: str):
    survey = services.survey_by_token(token)
    return {
        "order_number": survey.order.number,
        "language": survey.language,
        "expires_at": survey.expires_at.isoformat(),
    }


@router.post("/{token}", auth=None, response={204: None}, summary="Answer once; a second answer is refused")
def answer_survey(request, token: str, body: AnswerIn):
    services.submit_answer(survey=services.survey_by_token(token), **body.dict())
    return 204, None
