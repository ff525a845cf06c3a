package com.sparkcontrol;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Spark Control: controller and OpenAI-compatible gateway for a small DGX Spark cluster. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SparkControlApplication {

    public static void main(String[] args) {
        SpringApplication.run(SparkControlApplication.class, args);
    }
}
