"""What contract tests must know of IBM that a schema cannot say: the cross-field rule that a
period runs forwards, that a date-time matching the pattern may still name no real day, and how
a client authenticates (a JWT in `Authorization`, from the client-credentials token flow)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.base_urls import mount_url
from vidmock.apis.ibm_analytics import API
from vidmock.apis.ibm_analytics.times import parse_range
from vidmock.contract.credentials import Auth, Credentials, CredentialsError, flow_url, post
from vidmock.http.errors import ApiError

# What `vidmock serve` accepts out of the box.
DEV = Credentials(token="dev-token", client_id="dev-client", client_secret="dev-secret")
# What a test client sends to be let in by the mock.
DEV_HEADERS = {"Authorization": "dev-token"}
OAUTH = next(mount for mount in API.mounts if mount.spec == "ibm-oauth.yaml")


def is_meaningful_query(query: dict[str, Any] | None) -> bool:
    """False for a query the API must reject though each value fits the schema."""
    if not query:
        return True
    start, end = query.get("date_time_from"), query.get("date_time_to")
    if not (isinstance(start, str) and isinstance(end, str)):
        return True
    try:
        parse_range(start, end)
    except ApiError:
        return False
    return True


def authenticate(creds: Credentials, base_url: str) -> Auth:
    """`--token` as is, else the client-credentials flow at the OAuth server beside the API
    (`<base URL without /v1>/oauth2/token`), or at `--token-url`."""
    token = creds.token
    facts = {}
    if creds.client_id and creds.client_secret:
        facts = {"client_id": creds.client_id, "client_secret": creds.client_secret}
        if token is None:
            answer = post(
                flow_url(creds, mount_url(API, base_url, OAUTH), "/token", "IBM's token flow"),
                form={"grant_type": "client_credentials", "token_type": "jwt"},
                basic=(creds.client_id, creds.client_secret),
            )
            token = answer.get("access_token")
    if not token:
        raise CredentialsError("IBM needs --token or --client-id/--client-secret")
    return Auth(schemes={"JWTHeader": {"api_key": token}}, facts=facts)


def accept(case: Any) -> bool:
    """Positive cases only: whether the generated data is data the API must accept."""
    return is_meaningful_query(case.query)


def prepare(case: Any, facts: dict[str, str]) -> None:
    """Any string fits `client_id`, but only a registered client gets a token; positive token
    requests carry the run's own client, so the endpoint's success path is tested too."""
    if case.operation.path == "/token" and isinstance(case.body, dict) and "client_id" in facts:
        case.body = {**case.body, "client_id": facts["client_id"], "client_secret": facts["client_secret"]}
