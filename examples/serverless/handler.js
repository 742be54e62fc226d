'use strict';

module.exports.books = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ route: event.routeKey, id: event.pathParameters?.id ?? null }),
});
