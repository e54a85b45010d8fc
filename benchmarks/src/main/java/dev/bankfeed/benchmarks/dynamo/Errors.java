package dev.bankfeed.benchmarks.dynamo;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The exceptions DynamoDB's SDK raises for a request the service refuses, built the way the SDK builds them. */
final class Errors {

    private Errors() {
    }

    static DynamoDbException validation(String message) {
        return (DynamoDbException) DynamoDbException.builder().message(message).statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").errorMessage(message)
                        .serviceName("DynamoDb").build())
                .build();
    }

    /** A request form the stand-in does not model: never answered with a guess. */
    static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("the DynamoDB stand-in does not model " + what);
    }
}
