package io.shopscale.storefront.site;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import io.shopscale.storefront.api.ApiProblem;

/**
 * Errors as pages a shopper can read. Runs before the platform's JSON problem advice, which stays in charge of
 * anything else (the storefront serves no JSON of its own).
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ShopErrors {

  @ExceptionHandler(ApiProblem.class)
  ModelAndView apiProblem(ApiProblem problem) {
    var page = new ModelAndView("error-page");
    page.setStatus(HttpStatus.valueOf(problem.status()));
    page.addObject("title", problem.title());
    page.addObject("message", problem.readable());
    page.addObject("correlationId", problem.correlationId());
    return page;
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ModelAndView notFound() {
    var page = new ModelAndView("error-page");
    page.setStatus(HttpStatus.NOT_FOUND);
    page.addObject("title", "Not found");
    page.addObject("message", "There is no page at this address.");
    return page;
  }
}
