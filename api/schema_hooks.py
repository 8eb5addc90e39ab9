"""drf-spectacular's postprocessing hooks: changes to the schema as a whole, after every operation
and component is built (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]), and the operations' order
(SORT_OPERATIONS)."""

from django.urls import reverse
from drf_spectacular.plumbing import alpha_operation_sorter

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
# Swagger UI's Authorize dialog lists the schemes in this order: the token API clients send
# first (a JWT, a personal token), then djangorestframework-jwt's prefix, the browsable API's
# session cookie last.
SECURITY_SCHEME_ORDER = ["jwtAuth", "tokenAuth", "legacyJwtAuth", "cookieAuth"]


# What a field of these names is, for the fields whose serializer says nothing (many come from
# Djoser and SimpleJWT): ReDoc and Swagger UI otherwise show a bare "string".
FIELD_DESCRIPTIONS = {
    "id": "Its number, unique among its kind.",
    "url": "Its page in the API.",
    "name": "The name you give it, to recognise it by.",
    "created_at": "When it was made.",
    "started_at": "When it began: the sign-in.",
    "last_used_at": "When it was last used.",
    "results": "The items of this page.",
    "bio": "What the user says about themself; may be empty.",
    "date_joined": "When the account was made.",
    "email": "An e-mail address, of no other account in any case.",
    "password": "A password: not too short, too common, all digits or like the username.",
    "new_password": "The new password: not too short, too common, all digits or like the username.",
    "current_password": "Your current password.",
    "uid": "The `uid` of the e-mailed link: the account, encoded.",
    "token": "The `token` of the e-mailed link.",
}
# The same name meaning something else in one component.
COMPONENT_FIELD_DESCRIPTIONS = {
    ("SignInRequest", "password"): "The account's password.",
    ("SendEmailResetRequest", "email"): "The e-mail address of the account.",
    ("TokenVerifyRequest", "token"): "An access or a refresh token.",
}


def describe_fields_by_name(result, **kwargs):
    """Each component's fields without a description get the one their name has (above)."""
    for component, schema in result.get("components", {}).get("schemas", {}).items():
        for name, field in schema.get("properties", {}).items():
            description = COMPONENT_FIELD_DESCRIPTIONS.get((component, name))
            description = description or FIELD_DESCRIPTIONS.get(name)
            if description and "description" not in field and "$ref" not in field:
                field["description"] = description
    return result


def sign_in_first(endpoint):
    """Operations by path, as drf-spectacular sorts them, with signing in ahead of the rest:
    "Sign in" opens the Auth group, before "Log out"."""
    path = endpoint[0]
    return path != reverse("jwt-create"), alpha_operation_sorter(endpoint)


def bearer_first(result, **kwargs):
    """The security schemes in SECURITY_SCHEME_ORDER (drf-spectacular sorts them by name)."""
    schemes = result.get("components", {}).get("securitySchemes")
    if schemes:
        order = {name: index for index, name in enumerate(SECURITY_SCHEME_ORDER)}
        result["components"]["securitySchemes"] = dict(
            sorted(schemes.items(), key=lambda item: order.get(item[0], len(order)))
        )
    return result


def parameters_reuse_enums(result, **kwargs):
    """A query parameter taking the values of an enum component refers to it, instead of an
    inline copy that generators would turn into a second type (the post list's `status`)."""
    schemas = result.get("components", {}).get("schemas", {})
    enums = {tuple(schema["enum"]): name for name, schema in schemas.items() if "enum" in schema}
    for item in result["paths"].values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            for parameter in operation.get("parameters", []):
                name = enums.get(tuple(parameter["schema"].get("enum", ())))
                if name:
                    parameter["schema"] = {"$ref": f"#/components/schemas/{name}"}
                    # drf-spectacular lists the choices there too; the enum already says them.
                    description = parameter.get("description", "")
                    parameter["description"] = description.split("\n\n* ")[0]
    return result
