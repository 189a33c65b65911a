package io.shopscale.platform.web;

/** One entry of a validation problem's {@code errors} member. */
public record FieldProblem(String field, String message) {
}
