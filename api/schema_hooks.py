"""drf-spectacular's postprocessing hooks: changes to the schema as a whole, after every operation
and component is built (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]), and the operations' order
(SORT_OPERATIONS)."""

from django.urls import reverse
from drf_spectacular.plumbing import alpha_operation_sorter

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
# Swagger UI's Authorize dialog lists the schemes in this order: the token API clients send
# first (a JWT, a personal token), the browsable API's session cookie after them.
SECURITY_SCHEME_ORDER = ["jwtAuth", "tokenAuth", "cookieAuth"]


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
