package io.shopscale.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/** Runs before security so that even a 401 carries the id; the header is set before the body is written. */
class CorrelationIdFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String id = CorrelationId.acceptOrGenerate(request.getHeader(CorrelationId.HEADER));
    request.setAttribute(CorrelationId.REQUEST_ATTRIBUTE, id);
    response.setHeader(CorrelationId.HEADER, id);
    MDC.put(CorrelationId.MDC_KEY, id);
    try {
      chain.doFilter(request, response);
    }
    finally {
      MDC.remove(CorrelationId.MDC_KEY);
    }
  }
}
