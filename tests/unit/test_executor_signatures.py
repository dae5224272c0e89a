"""GuardedExecution overrides graphql-core internals: the start-up check that they are the ones it expects."""

from __future__ import annotations

import graphql
import pytest

from schema.permissions import GuardedExecution, check_executor_signatures


def test_the_installed_graphql_core_passes() -> None:
    check_executor_signatures()
    check_executor_signatures(GuardedExecution.__mro__[1])


class GraphQLCore32Executor:
    """The methods as graphql-core 3.2's ExecutionContext has them."""

    def execute_fields(self, parent_type, source_value, path, fields):  # pragma: no cover - never called
        raise AssertionError

    def execute_fields_serially(self, parent_type, source_value, path, fields):  # pragma: no cover - never called
        raise AssertionError

    def handle_field_error(self, error, return_type):  # pragma: no cover - never called
        raise AssertionError


def test_graphql_core_3_2_signatures_fail_with_a_clear_message() -> None:
    with pytest.raises(RuntimeError) as raised:
        check_executor_signatures(GraphQLCore32Executor)
    message = str(raised.value)
    assert f"graphql-core {graphql.__version__}" in message
    assert (
        "execute_fields(self, parent_type, source_value, path, fields), expected execute_fields(self, parent_type, "
        "source_value, path, grouped_field_set, position_context)" in message
    )
    assert "handle_field_error(self, error, return_type), expected handle_field_error(self, raw_error" in message
    assert "0009-guarded-execution-signature-check.md" in message


def test_a_missing_method_fails() -> None:
    with pytest.raises(RuntimeError, match="handle_field_error is missing"):
        check_executor_signatures(
            type(
                "NoHandler",
                (),
                {
                    "execute_fields": GraphQLCore32Executor.execute_fields,
                    "execute_fields_serially": GraphQLCore32Executor.execute_fields_serially,
                },
            )
        )


def test_building_the_schema_runs_the_check(monkeypatch) -> None:
    from schema import build

    monkeypatch.setattr(build, "check_executor_signatures", lambda: check_executor_signatures(GraphQLCore32Executor))
    with pytest.raises(RuntimeError, match="GuardedExecution"):
        build.build_schema.__wrapped__()  # past the cache: a fresh build, as at start-up
