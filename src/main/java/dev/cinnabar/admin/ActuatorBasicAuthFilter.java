package dev.cinnabar.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP basic authentication in front of {@code /actuator/*}, on once
 * {@code cinnabar.admin.password} is set ({@code cinnabar.admin.username} defaults to
 * {@code admin}). A plain servlet filter rather than Spring Security, which would add its
 * whole filter chain to every start-up for one password check. Credentials are compared in
 * constant time; a missing or wrong one gets 401 with a basic-auth challenge.
 */
@Component
public class ActuatorBasicAuthFilter extends OncePerRequestFilter {

    private final byte[] expectedUsername;
    private final byte[] expectedPassword;

    public ActuatorBasicAuthFilter(@Value("${cinnabar.admin.username:admin}") String username,
                                   @Value("${cinnabar.admin.password:}") String password) {
        this.expectedUsername = username.getBytes(StandardCharsets.UTF_8);
        this.expectedPassword = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return expectedPassword.length == 0 || !(path.equals("/actuator") || path.startsWith("/actuator/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (authorized(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"cinnabar\", charset=\"UTF-8\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String credentials = new String(decoded, StandardCharsets.UTF_8);
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean username = MessageDigest.isEqual(
                credentials.substring(0, colon).getBytes(StandardCharsets.UTF_8), expectedUsername);
        boolean password = MessageDigest.isEqual(
                credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8), expectedPassword);
        return username & password;
    }
}
