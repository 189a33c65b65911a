package io.shopscale.platform.web;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * The one error style of every service. Spring MVC's own exceptions are mapped by the base class; this adds
 * field-level {@code errors} and a 500 that never shows internals.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  @Override
  protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> errors = ex.getBindingResult().getAllErrors().stream()
        .map(error -> new FieldProblem(error instanceof FieldError field ? field.getField() : error.getObjectName(),
            String.valueOf(error.getDefaultMessage())))
        .toList();
    return createResponseEntity(Problems.validation(errors), headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> errors = ex.getParameterValidationResults().stream()
        .flatMap(result -> result.getResolvableErrors().stream()
            .map(error -> new FieldProblem(nameOf(result.getMethodParameter()),
                String.valueOf(error.getDefaultMessage()))))
        .toList();
    return createResponseEntity(Problems.validation(errors), headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    String name = ex.getPropertyName() != null ? ex.getPropertyName() : "value";
    String expected = ex.getRequiredType() != null ? ex.getRequiredType().getSimpleName().toLowerCase() : "value";
    var problem = Problems.validation(List.of(new FieldProblem(name, "must be a valid " + expected)));
    return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem;
    if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
      problem = Problems.validation(List.of(new FieldProblem(path(unknown), "is not a known field")));
    }
    else if (ex.getCause() instanceof ValueInstantiationException invalid
        && invalid.getCause() instanceof IllegalArgumentException reason) {
      // our own records reject values in their constructors with messages written for clients
      problem = Problems.validation(List.of(new FieldProblem(path(invalid), String.valueOf(reason.getMessage()))));
    }
    else if (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
      problem = Problems
          .validation(List.of(new FieldProblem(path(jackson), "has a value of the wrong type or format")));
    }
    else {
      problem = Problems.of(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON.");
    }
    return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, WebRequest request) {
    List<FieldProblem> errors = ex.getConstraintViolations().stream()
        .map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
        .toList();
    return problem(Problems.validation(errors), request);
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> accessDenied(AccessDeniedException ex, WebRequest request) {
    return problem(Problems.of(HttpStatus.FORBIDDEN, "You are not allowed to do this."), request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
    log.error("Unhandled error", ex);
    return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
        "Something went wrong on our side; quote the correlation id when you report it."), request);
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
      HttpStatusCode statusCode, WebRequest request) {
    ProblemDetail problem = body instanceof ProblemDetail given
        ? given
        : Problems.of(statusCode, HttpStatus.resolve(statusCode.value()) != null
            ? HttpStatus.valueOf(statusCode.value()).getReasonPhrase()
            : "Error");
    HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
    if (servletRequest != null) {
      Problems.complete(problem, servletRequest);
    }
    return new ResponseEntity<>(problem, headers, statusCode);
  }

  ResponseEntity<Object> problem(ProblemDetail problem, WebRequest request) {
    return createResponseEntity(problem, new HttpHeaders(), HttpStatusCode.valueOf(problem.getStatus()), request);
  }

  private static String nameOf(MethodParameter parameter) {
    RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
    RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
    PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
    String declared = param != null
        ? param.name() + param.value()
        : header != null
            ? header.name() + header.value()
            : path != null ? path.name() + path.value() : "";
    // name and value are aliases: at most one of them is set
    return declared.isEmpty() ? String.valueOf(parameter.getParameterName()) : declared;
  }

  private static String path(JacksonException ex) {
    String path = ex.getPath().stream()
        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    return path.isEmpty() ? "body" : path;
  }

  private static String lastNode(String propertyPath) {
    int dot = propertyPath.lastIndexOf('.');
    return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
  }
}
