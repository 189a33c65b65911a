package io.shopscale.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The API contract for errors, checked the same way in every service's tests. */
public final class ProblemAssertions {

  private ProblemAssertions() {
  }

  /** An RFC 9457 problem with every member present and its correlation id equal to the response header's. */
  public static void assertProblem(MvcTestResult result, int status) {
    assertThat(result).hasStatus(status);
    assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
    for (String member : new String[]{"type", "title", "detail", "instance", "correlationId"}) {
      assertThat(result).bodyJson().extractingPath("$." + member).isNotNull();
    }
    assertThat(result).bodyJson().extractingPath("$.correlationId")
        .isEqualTo(result.getResponse().getHeader("X-Correlation-ID"));
  }
}
