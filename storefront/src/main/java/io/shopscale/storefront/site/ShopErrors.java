package io.shopscale.storefront.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import io.shopscale.storefront.account.LoginRequired;
import io.shopscale.storefront.account.Shoppers;
import io.shopscale.storefront.api.ApiProblem;

/**
 * Errors as pages a shopper can read. Runs before the platform's JSON problem advice, which stays in charge of
 * anything else (the storefront serves no JSON of its own).
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ShopErrors {

  private final Shoppers shoppers;

  ShopErrors(Shoppers shoppers) {
    this.shoppers = shoppers;
  }

  /** To the login form, and back to this page afterwards (a form's page for a POST). */
  @ExceptionHandler(LoginRequired.class)
  String loginRequired(HttpServletRequest request) {
    String back = HttpMethod.GET.matches(request.getMethod()) ? pathOf(request) : "/";
    return "redirect:/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
  }

  @ExceptionHandler(ApiProblem.class)
  Object apiProblem(ApiProblem problem, HttpServletRequest request) {
    if (problem.status() == 401) {
      // the API no longer takes the session's token (revoked, account disabled): log in again
      shoppers.forget(request);
      return loginRequired(request);
    }
    return page(HttpStatus.valueOf(problem.status()), problem.title(), problem.readable(), problem.correlationId());
  }

  @ExceptionHandler(ResponseStatusException.class)
  ModelAndView status(ResponseStatusException ex) {
    HttpStatus status = HttpStatus.valueOf(ex.getStatusCode().value());
    return page(status, status.getReasonPhrase(), ex.getReason() != null ? ex.getReason() : status.getReasonPhrase(),
        null);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ModelAndView notFound() {
    return page(HttpStatus.NOT_FOUND, "Not found", "There is no page at this address.", null);
  }

  private static ModelAndView page(HttpStatus status, String title, String message,
      @Nullable String correlationId) {
    var page = new ModelAndView("error-page");
    page.setStatus(status);
    page.addObject("title", title);
    page.addObject("message", message);
    page.addObject("correlationId", correlationId);
    return page;
  }

  private static String pathOf(HttpServletRequest request) {
    String query = request.getQueryString();
    return request.getRequestURI() + (query == null ? "" : "?" + query);
  }
}
