"""drf-spectacular's postprocessing hooks: changes to the schema as a whole, after every operation
and component is built (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
# Swagger UI's Authorize dialog lists the schemes in this order: the token API clients send
# first (a JWT, a personal token), then djangorestframework-jwt's prefix, the browsable API's
# session cookie last.
SECURITY_SCHEME_ORDER = ["jwtAuth", "tokenAuth", "legacyJwtAuth", "cookieAuth"]


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
