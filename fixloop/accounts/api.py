"""Token endpoints: sign in for a bearer token, and who am I."""

from ninja import Field, Router, Schema

from fixloop.accounts import services

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=200)
    otp: str = Field(
        "", max_length=10, description="The authenticator code, for staff with two-factor sign-in."
    )


class TokenOut(Schema):
    token: str
    role: str
    username: str


class MeOut(Schema):
    role: str
    label: str
    customer_id: int | None
    engineer_id: int | None


@router.post("/token", response=TokenOut, auth=None, summary="Exchange username and password for a token")
def token(request, body: TokenIn):
    raw, user = services.issue_token(
        username=body.username, password=body.password, otp=body.otp, request=request
    )
    return {"token": raw, "role": user.role, "username": user.get_username()}


@router.get("/me", response=MeOut, summary="Who the token belongs to")
def me(request):
    actor = request.auth
    return {
        "role": actor.role,
        "label": actor.label,
        "customer_id": actor.customer_id,
        "engineer_id": actor.engineer_id,
    }
