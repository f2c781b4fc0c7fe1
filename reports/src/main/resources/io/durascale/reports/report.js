// Draws every chart container from the embedded data; window.durascaleReport tells a test (or a reader's
// console) how many charts were drawn and which failed.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var state = { charts: 0, failed: [], done: false };
  var instances = [];
  var containers = document.querySelectorAll('[data-chart]');
  for (var i = 0; i < containers.length; i++) {
    var el = containers[i];
    var id = el.getAttribute('data-chart');
    try {
      var option = data.charts[id];
      if (!option) {
        throw new Error('no data for chart ' + id);
      }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(option);
      instances.push(chart);
      el.setAttribute('data-rendered', 'true');
      state.charts++;
    } catch (e) {
      state.failed.push(id);
      el.textContent = 'This chart could not be drawn: ' + e.message;
      console.error('chart ' + id + ': ' + e.message);
    }
  }
  window.addEventListener('resize', function () {
    instances.forEach(function (c) { c.resize(); });
  });
  state.done = true;
  window.durascaleReport = state;
})();
