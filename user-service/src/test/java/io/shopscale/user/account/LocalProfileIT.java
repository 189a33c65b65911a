package io.shopscale.user.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jwt.SignedJWT;
import io.shopscale.testsupport.ShopScaleInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The local profile alone starts without a configured key and seeds the administrator docs/api.md documents. */
@SpringBootTest
@AutoConfigureMockMvc
@ShopScaleInfrastructure
@ActiveProfiles("local")
class LocalProfileIT {

  @Autowired
  MockMvcTester mvc;

  @Autowired
  LocalAdminSeeder seeder;

  @Autowired
  JdbcClient jdbc;

  @Test
  void seededAdministratorLogsInWithTheDefaultPasswordAndATokenFromAGeneratedKey() throws Exception {
    MvcTestResult login = mvc.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
        .content("{\"email\":\"admin@shopscale.local\",\"password\":\"change-me-admin-1\"}").exchange();
    assertThat(login).hasStatusOk();
    SignedJWT token = SignedJWT.parse(JsonPath.read(login.getResponse().getContentAsString(), "$.accessToken"));
    assertThat(token.getHeader().getKeyID()).startsWith("local-");
    assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("CUSTOMER", "ADMIN");
  }

  @Test
  void seedingAgainKeepsOneAdministrator() {
    seeder.run(new DefaultApplicationArguments());
    seeder.run(new DefaultApplicationArguments());
    assertThat(jdbc.sql("SELECT count(*) FROM users WHERE email = 'admin@shopscale.local'").query(Long.class)
        .single()).isEqualTo(1);
  }
}
