"""The API's OpenAPI document: one component per schema name, so no module's schema hides another's."""

from collections import defaultdict

from pydantic import BaseModel

from fixloop.config.api import api


def _models(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)
    for argument in getattr(annotation, "__args__", ()) or ():
        yield from _models(argument)


def test_schema_names_are_unique_across_modules():
    seen: dict[str, set[str]] = defaultdict(set)
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                roots = list((operation.response_models or {}).values())
                for params in operation.models:
                    roots += [field.annotation for field in params.model_fields.values()]
                for root in roots:
                    for model in _models(root):
                        seen[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(paths) for name, paths in seen.items() if len(paths) > 1}
    assert not clashes, f"rename one of each: {clashes}"


def test_openapi_document_builds():
    schema = api.get_openapi_schema()
    assert schema["paths"] and "components" in schema
