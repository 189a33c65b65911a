package io.shopscale.platform.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem from code that runs before Spring MVC, such as the security filter chain. */
public final class ProblemResponseWriter {

  private final JsonMapper json;

  public ProblemResponseWriter(JsonMapper json) {
    this.json = json;
  }

  public void write(ProblemDetail problem, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Problems.complete(problem, request);
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), Problems.members(problem));
  }
}
