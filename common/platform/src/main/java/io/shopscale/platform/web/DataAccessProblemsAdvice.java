package io.shopscale.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * The data-layer conflicts as problems, apart from {@link ProblemDetailsAdvice} so that an application without
 * Spring's data access (the storefront) can use the platform's problems: an advice naming these classes could not
 * even be inspected there. Ordered before it, whose catch-all would otherwise take these exceptions.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class DataAccessProblemsAdvice {

  private static final Logger log = LoggerFactory.getLogger(DataAccessProblemsAdvice.class);

  private final ProblemDetailsAdvice problems;

  DataAccessProblemsAdvice(ProblemDetailsAdvice problems) {
    this.problems = problems;
  }

  @ExceptionHandler(OptimisticLockingFailureException.class)
  ResponseEntity<Object> optimisticLock(OptimisticLockingFailureException ex, WebRequest request) {
    return problems.problem(Problems.of(HttpStatus.PRECONDITION_FAILED,
        "The resource was changed by someone else; read it again and retry."), request);
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<Object> integrityViolation(DataIntegrityViolationException ex, WebRequest request) {
    log.info("Request conflicts with stored data: {}", ex.getMostSpecificCause().getMessage());
    return problems.problem(Problems.of(HttpStatus.CONFLICT,
        "The request conflicts with the current state of the resource."), request);
  }
}
